// The sweep's fields as the person types them (SweepDraft: text, so nothing typed is lost) and the
// sweep they make: the difficulties parsed from a list ("5, 10, 20": commas, spaces or the Chinese
// list marks), sorted and without repeats; the task and its other knobs from the page's memory
// settings; the rest of the model and training from SWEEP_DEFAULTS. Every problem names its field.
import { checkNumeric, ConfigError, parseDecimal, problem, type Problem } from '../model/config.ts';
import { MEMORY_TASKS, type MemoryConfig, type MemoryKind } from '../model/memory-tasks.ts';
import { SWEEP_DEFAULTS, sweepErrors, type SweepSpec } from '../model/sweep.ts';
import type { SweepDraft } from '../io/stored-schema.ts';

export const DEFAULT_SWEEP_DRAFT: SweepDraft = {
  values: {},
  cells: SWEEP_DEFAULTS.cells,
  steps: String(SWEEP_DEFAULTS.steps),
  hidden: String(SWEEP_DEFAULTS.model.hiddenSize),
};

/** The fields of the sweep, as its problems name them. */
export type SweepField = 'sweepValues' | 'sweepCells' | 'sweepSteps' | 'sweepHidden';

/** The difficulties' text of a task: as typed, or its default sweep. */
export const valuesText = (draft: SweepDraft, task: MemoryKind): string => draft.values[task] ?? MEMORY_TASKS[task].sweep.join(', ');

/** A whole number as typed, or the problem with it. */
function whole(raw: string, field: SweepField): number | ConfigError {
  const n = parseDecimal(raw.trim());
  if (raw.trim() === '') return new ConfigError(field, 'a value is required', problem('required'));
  if (Number.isNaN(n)) return new ConfigError(field, `'${raw.trim()}' is not a number`, problem('notNumber', { got: raw.trim() }));
  if (!Number.isInteger(n)) return new ConfigError(field, `'${raw.trim()}' is not a whole number`, problem('notInteger', { got: raw.trim() }));
  return n;
}

/** The values of a list, ascending, each once; or the first entry that is not a whole number. */
export function parseValues(text: string): number[] | ConfigError {
  const values: number[] = [];
  for (const item of text.split(/[\s,;，、；]+/).filter(Boolean)) {
    const n = whole(item, 'sweepValues');
    if (n instanceof ConfigError) return n;
    values.push(n);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

const withField = (field: SweepField, e: { message: string; problem: Problem | null }) => new ConfigError(field, e.message, e.problem);

/** The sweep the fields make for the page's memory task (null while any field has a problem), and
 *  every problem with them, each naming its field. */
export function draftSpec(draft: SweepDraft, memory: MemoryConfig): { spec: SweepSpec | null; errors: ConfigError[] } {
  const values = parseValues(valuesText(draft, memory.task));
  const steps = whole(draft.steps, 'sweepSteps');
  const hidden = whole(draft.hidden, 'sweepHidden');
  const errors = [values, steps, hidden].filter((x): x is ConfigError => x instanceof ConfigError);
  if (typeof hidden === 'number') {
    const bad = checkNumeric('hiddenSize', hidden);
    if (bad) errors.push(withField('sweepHidden', bad));
  }
  const spec: SweepSpec = {
    memory,
    values: values instanceof ConfigError ? [] : values,
    cells: draft.cells,
    model: { ...SWEEP_DEFAULTS.model, hiddenSize: typeof hidden === 'number' ? hidden : SWEEP_DEFAULTS.model.hiddenSize },
    train: SWEEP_DEFAULTS.train,
    steps: typeof steps === 'number' ? steps : SWEEP_DEFAULTS.steps,
  };
  // the sweep's own checks, for the fields that parsed
  const parsed = new Set<string>(['sweepCells', ...(values instanceof ConfigError ? [] : ['sweepValues']), ...(typeof steps === 'number' ? ['sweepSteps'] : [])]);
  errors.push(...sweepErrors(spec).filter((e) => parsed.has(e.field)));
  return { spec: errors.length === 0 ? spec : null, errors };
}
