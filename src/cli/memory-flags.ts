// The memory-task flags shared by `train` and `sweep`: --task and the knobs (--delay, --symbols,
// --length, --depth), read against the table of src/model/memory-tasks.ts; a knob out of range is
// a UsageError naming its flag (exit 2).
import { MEMORY_KINDS, MEMORY_KNOBS, MEMORY_TASKS, memoryConfigErrors, memoryDefaults, taskKnobs, type MemoryConfig, type MemoryKind, type MemoryKnob } from '../model/memory-tasks.ts';
import { choice, num, UsageError } from './args.ts';

export const MEMORY_OPTIONS = {
  task: { type: 'string' }, delay: { type: 'string' }, symbols: { type: 'string' }, length: { type: 'string' }, depth: { type: 'string' },
} as const;

const KNOB_TEXT = { delay: 'steps between what is shown and when it is asked', symbols: 'alphabet size', length: 'symbols to copy; bits (parity); most a\'s (counting)', depth: 'deepest nesting (brackets)' };

/** The help lines of the memory tasks and their knobs. */
export const MEMORY_HELP = `  --task ${MEMORY_KINDS.join('|')}
                             a memory task instead of a text: fresh generated sequences every
                             step, loss and accuracy on the answer positions only
${MEMORY_KINDS.map((k) => `      ${k.padEnd(9)} ${taskKnobs(k).map((knob) => `--${knob} ${MEMORY_TASKS[k].knobs[knob]!.min}..${MEMORY_TASKS[k].knobs[knob]!.max} (default ${MEMORY_TASKS[k].knobs[knob]!.default})`).join(', ')}`).join('\n')}
${Object.entries(KNOB_TEXT).map(([knob, text]) => `  --${knob.padEnd(24)}${text}`).join('\n')}`;

/** The memory task the flags ask for (knobs over `base`, else the task's defaults); null without
 *  --task and `base`. A knob the task does not read, or one out of range, is a UsageError. */
export function memoryFlags(v: Record<string, unknown>, base?: MemoryConfig): MemoryConfig | null {
  const task: MemoryKind | undefined = choice(v, 'task', MEMORY_KINDS) ?? base?.task;
  const given = MEMORY_KNOBS.filter((k) => v[k] !== undefined);
  if (!task) {
    if (given.length) throw new UsageError(`--${given[0]} is a memory task's knob: add --task (${MEMORY_KINDS.join(', ')})`);
    return null;
  }
  const config: MemoryConfig = { ...(base?.task === task ? base : memoryDefaults(task)) };
  for (const knob of given) {
    if (!taskKnobs(task).includes(knob)) throw new UsageError(`--${knob}: the ${task} task has no such knob (it reads ${taskKnobs(task).map((k) => `--${k}`).join(', ') || 'none'})`);
    config[knob] = num(v, knob)!;
  }
  const problem = memoryConfigErrors(config)[0];
  if (problem) throw new UsageError(`--${problem.field}: ${problem.message}`);
  return config;
}

/** How a memory task reads in a line: "recall (8 symbols, delay 40)"; with `values`, a sweep's
 *  difficulties in place of its difficulty knob ("delay 5, 10, 20"). */
export function describeMemory(c: MemoryConfig, values?: readonly number[]): string {
  const shown = (k: MemoryKnob) => (values && k === MEMORY_TASKS[c.task].difficulty ? values.join(', ') : c[k]);
  const knobs = taskKnobs(c.task).map((k) => (k === 'symbols' ? `${c.symbols} symbols` : `${k} ${shown(k)}`));
  return `${c.task} (${knobs.join(', ')})`;
}
