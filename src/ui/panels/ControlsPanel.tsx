// The model and training settings (with the schedule, initialisation and validation split:
// TrainingExtras.tsx), and Train / Pause, Step, Reset.
import { reset, setModel, setTrain, stepOnce, trainOrPause } from '../../store/actions.ts';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/store.ts';
import { CELL_KINDS, CELLS, type CellKind } from '../../model/cells/registry.ts';
import { NUMERIC_FIELDS, type ClipMode, type ModelConfig, type OptimizerKind } from '../../model/config.ts';
import { MEMORY_KNOBS, memoryConfigErrors, memoryLength } from '../../model/memory-tasks.ts';
import { cellName, useErrorText, useT, variantName } from '../i18n.ts';
import { NumberField, Panel, SelectField } from './fields.tsx';
import { TrainingExtras } from './TrainingExtras.tsx';

/** The selected cell's variant knob (the registry's CELLS[kind].variant: activation, peepholes, GRU form). */
function VariantField({ model }: { model: ModelConfig }) {
  const t = useT();
  const { field, choices } = CELLS[model.cell].variant;
  return (
    <SelectField
      id={field}
      label={t(`field.${field}`)}
      value={String(model[field])}
      options={choices.map((v) => [String(v), t(variantName(field, v))] as const)}
      onChange={(v) => setModel({ [field]: choices.find((c) => String(c) === v) })}
      hint={t(`hint.${field}`)}
    />
  );
}

export function ControlsPanel() {
  // not the runs: four metrics messages a second must not redraw every control
  const { model, train, status, stale, error } = useStore(useShallow((s) => ({ model: s.model, train: s.train, status: s.status, stale: s.stale, error: s.error })));
  // a memory task reads no text: an empty text stops nothing
  const empty = useStore((s) => s.text.length === 0 && s.mode !== 'memory');
  const memoryLengthT = useStore((s) => (s.mode === 'memory' && memoryConfigErrors(s.memory).length === 0 ? memoryLength(s.memory) : null));
  const mode = useStore((s) => s.mode);
  const t = useT();
  const say = useErrorText();
  const fieldError = (name: string) => (error?.field === name ? say(error) : null);
  // the text, numeric fields, the import button and the kept runs show their own problems;
  // anything else shows here
  const shownInline = ['text', 'import', 'kept', 'init', ...MEMORY_KNOBS].includes(error?.field ?? '') || (error?.field ?? '') in NUMERIC_FIELDS;
  const d = error?.diverged;
  const diverged = d && (d.loss === undefined ? t('run.diverged', d) : t('run.climbed', { ...d, loss: d.loss.toFixed(2), start: (d.start ?? NaN).toFixed(2) }));
  const generalError = error && !shownInline ? (diverged ?? say(error)) : null;
  return (
    <Panel title={t('controls.title')} className="controls-panel">
      <div className="grid">
        <SelectField<CellKind> id="cell" label={t('field.cell')} value={model.cell} options={CELL_KINDS.map((k) => [k, t(cellName(k))] as const)} onChange={(cell) => setModel({ cell })} hint={t('hint.cell')} />
        <VariantField model={model} />
        <NumberField name="hiddenSize" label={t('field.hiddenSize')} value={model.hiddenSize} step={1} onCommit={(hiddenSize) => setModel({ hiddenSize })} error={fieldError('hiddenSize')} hint={t('hint.hiddenSize')} />
        <NumberField name="numLayers" label={t('field.numLayers')} value={model.numLayers} step={1} onCommit={(numLayers) => setModel({ numLayers })} error={fieldError('numLayers')} hint={t('hint.numLayers')} />
        <SelectField id="bidirectional" label={t('field.direction')} value={model.bidirectional ? 'bi' : 'uni'} options={[['uni', t('opt.uni')], ['bi', t('opt.bi')]]} onChange={(v) => setModel({ bidirectional: v === 'bi' })} hint={t('hint.direction')} />
        {mode === 'lm' ? (
          <NumberField name="seqLen" label={t('field.seqLen')} value={train.seqLen} step={1} onCommit={(seqLen) => setTrain({ seqLen })} error={fieldError('seqLen')} hint={t('hint.seqLen')} />
        ) : (
          <p className="field meta" data-testid="seqlen-whole">
            {memoryLengthT === null ? t('field.seqLenWhole') : t('memory.seqLen', { T: memoryLengthT })}
          </p>
        )}
        <NumberField name="batchSize" label={t('field.batchSize')} value={train.batchSize} step={1} onCommit={(batchSize) => setTrain({ batchSize })} error={fieldError('batchSize')} hint={t('hint.batchSize')} />
        <NumberField name="learningRate" label={t('field.learningRate')} value={train.learningRate} onCommit={(learningRate) => setTrain({ learningRate })} error={fieldError('learningRate')} hint={t('hint.learningRate')} />
        <SelectField<OptimizerKind> id="optimizer" label={t('field.optimizer')} value={train.optimizer} options={[['adam', 'Adam'], ['sgd', 'SGD'], ['rmsprop', 'RMSprop']]} onChange={(optimizer) => setTrain({ optimizer })} hint={t('hint.optimizer')} />
        <SelectField<ClipMode> id="clipMode" label={t('field.clipMode')} value={train.clipMode} options={[['norm', t('opt.clipNorm')], ['value', t('opt.clipValue')], ['none', t('opt.off')]]} onChange={(clipMode) => setTrain({ clipMode })} hint={t('hint.clipMode')} />
        {train.clipMode !== 'none' && <NumberField name="clipValue" label={t('field.clipValue')} value={train.clipValue} onCommit={(clipValue) => setTrain({ clipValue })} error={fieldError('clipValue')} hint={t('hint.clipValue')} />}
        <NumberField name="seed" label={t('field.seed')} value={train.seed} step={1} onCommit={(seed) => setTrain({ seed })} error={fieldError('seed')} hint={t('hint.seed')} />
      </div>
      <TrainingExtras model={model} train={train} mode={mode} fieldError={fieldError} />
      <div className="actions">
        <button type="button" className="primary" data-testid="train" onClick={() => trainOrPause(false)} disabled={status === 'preparing' || (empty && status !== 'training')}>
          {status === 'training' ? t('btn.pause') : t('btn.train')}
        </button>
        <button type="button" data-testid="train-all" onClick={() => trainOrPause(true)} disabled={status === 'training' || status === 'preparing' || empty} title={t('btn.trainAllTitle')}>
          {t('btn.trainAll')}
        </button>
        <button type="button" data-testid="step" onClick={stepOnce} disabled={status === 'training' || status === 'preparing'}>
          {t('btn.step')}
        </button>
        <button type="button" data-testid="reset" onClick={reset}>
          {t('btn.reset')}
        </button>
        {empty && <span className="note" data-testid="empty-note">{t('note.empty')}</span>}
        {stale && status !== 'idle' && <span className="note">{t('note.stale')}</span>}
      </div>
      {mode === 'lm' && model.bidirectional && (
        <p className="note" role="note" data-testid="bidirectional-warning">
          {t('note.bidirectionalLm')}
        </p>
      )}
      {generalError && (
        <p className="field-error" role="alert" data-testid="run-error">
          {generalError}
        </p>
      )}
    </Panel>
  );
}
