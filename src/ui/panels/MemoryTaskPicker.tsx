// Choosing a memory task (in place of the training text, which a memory task does not read): the
// six tasks, each with a line in a student's words and a tiny example with its answers; the knobs
// the chosen task reads, each refusing a value at the field with the reason (a sequence too long
// for the network names the largest value that fits); the sequence length T and the chance level.
import { memoryDefaults, chanceLevel, MEMORY_KINDS, memoryConfigErrors, memoryLength, memoryVocab, taskKnobs, type MemoryConfig, type MemoryKind, type MemoryKnob } from '../../model/memory-tasks.ts';
import { drawSequences } from '../../model/memory-generators.ts';
import { setMemory } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { useErrorText, useNumber, useT, type MessageKey } from '../i18n.ts';
import { CheckedNumberField } from './fields.tsx';
import { sequenceCells } from './memory-answers.ts';
import { TokenRow } from './MemoryTokens.tsx';

/** The examples' knobs: short sequences that still show the task. */
const EXAMPLE_KNOBS: Record<MemoryKind, Partial<MemoryConfig>> = {
  copy: { length: 2, symbols: 4, delay: 2 },
  recall: { symbols: 4, delay: 4 },
  parity: { length: 5 },
  brackets: { depth: 2 },
  counting: { length: 3 },
  order: { symbols: 4, delay: 6 },
};
/** The seed of the examples: the same examples for everyone. */
const EXAMPLE_SEED = 7;

function example(task: MemoryKind) {
  const c = { ...memoryDefaults(task), ...EXAMPLE_KNOBS[task] };
  const [s] = drawSequences(c, 1, EXAMPLE_SEED);
  return sequenceCells(c, memoryVocab(c).symbols, s!.inputs, s!.targets);
}

function TaskCard({ task, chosen }: { task: MemoryKind; chosen: boolean }) {
  const t = useT();
  return (
    <button type="button" role="radio" aria-checked={chosen} className={`memory-task${chosen ? ' on' : ''}`} data-testid={`memory-task-${task}`} onClick={() => setMemory({ task })}>
      <span className="memory-task-name">{t(`memory.task.${task}`)}</span>
      <span className="memory-task-line">{t(`memory.explain.${task}`)}</span>
      <TokenRow cells={example(task)} label={t('memory.example')} />
    </button>
  );
}

function KnobField({ memory, knob }: { memory: MemoryConfig; knob: MemoryKnob }) {
  const t = useT();
  const say = useErrorText();
  const error = useStore((s) => (s.error?.field === knob ? say(s.error) : null));
  return (
    <CheckedNumberField
      name={knob}
      label={t(`field.${knob}`)}
      value={memory[knob]}
      step={1}
      check={(v) => memoryConfigErrors({ ...memory, [knob]: v }).find((e) => e.field === knob)?.problem}
      onCommit={(v) => setMemory({ [knob]: v })}
      error={error}
      hint={t(`memory.hint.${memory.task}.${knob}` as MessageKey)}
    />
  );
}

export function MemoryTaskPicker() {
  const t = useT();
  const fmt = useNumber();
  const memory = useStore((s) => s.memory);
  const valid = memoryConfigErrors(memory).length === 0;
  return (
    <div className="memory-picker" data-testid="memory-picker">
      <div className="memory-tasks" role="radiogroup" aria-label={t('memory.choose')}>
        {MEMORY_KINDS.map((task) => (
          <TaskCard key={task} task={task} chosen={memory.task === task} />
        ))}
      </div>
      <p className="meta">{t('memory.exampleNote')}</p>
      <div className="grid memory-knobs">
        {taskKnobs(memory.task).map((knob) => (
          <KnobField key={`${memory.task}-${knob}`} memory={memory} knob={knob} />
        ))}
      </div>
      {valid && (
        <p className="meta" data-testid="memory-summary" data-length={memoryLength(memory)} data-chance={chanceLevel(memory)}>
          {t('memory.summary', { T: memoryLength(memory), chance: `${fmt(chanceLevel(memory) * 100, 1)}%` })}
        </p>
      )}
    </div>
  );
}
