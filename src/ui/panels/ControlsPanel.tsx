// The model and training settings, and Train / Pause, Step, Reset.
import { reset, setModel, setTrain, stepOnce, trainOrPause } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { NUMERIC_FIELDS, type CellKind, type ClipMode, type GruVariant, type Nonlinearity, type OptimizerKind } from '../../model/config.ts';
import { NumberField, Panel, SelectField } from './fields.tsx';

export function ControlsPanel() {
  const { model, train, status, stale, error } = useStore();
  const empty = useStore((s) => s.text.length === 0);
  const fieldError = (name: string) => (error?.field === name ? error.message : null);
  // problems with the text or a numeric field show at that field; anything else shows here
  const shownInline = error?.field === 'text' || (error?.field ?? '') in NUMERIC_FIELDS;
  const generalError = error && !shownInline ? error.message : null;
  return (
    <Panel title="Model and training" className="controls-panel">
      <div className="grid">
        <SelectField<CellKind> id="cell" label="Cell" value={model.cell} options={[['rnn', 'Vanilla RNN'], ['lstm', 'LSTM'], ['gru', 'GRU']]} onChange={(cell) => setModel({ cell })} />
        {model.cell === 'rnn' && (
          <SelectField<Nonlinearity> id="nonlinearity" label="Activation" value={model.nonlinearity} options={[['tanh', 'tanh'], ['relu', 'ReLU']]} onChange={(nonlinearity) => setModel({ nonlinearity })} />
        )}
        {model.cell === 'lstm' && (
          <SelectField id="peephole" label="Peepholes" value={model.peephole ? 'on' : 'off'} options={[['off', 'off'], ['on', 'on']]} onChange={(v) => setModel({ peephole: v === 'on' })} />
        )}
        {model.cell === 'gru' && (
          <SelectField<GruVariant> id="gruVariant" label="GRU variant" value={model.gruVariant} options={[['pytorch', 'PyTorch (reset after)'], ['original', 'original (reset before)']]} onChange={(gruVariant) => setModel({ gruVariant })} />
        )}
        <NumberField name="hiddenSize" label="Hidden size" value={model.hiddenSize} step={1} onCommit={(hiddenSize) => setModel({ hiddenSize })} error={fieldError('hiddenSize')} />
        <NumberField name="numLayers" label="Layers" value={model.numLayers} step={1} onCommit={(numLayers) => setModel({ numLayers })} error={fieldError('numLayers')} />
        <SelectField id="bidirectional" label="Direction" value={model.bidirectional ? 'bi' : 'uni'} options={[['uni', 'one way'], ['bi', 'bidirectional']]} onChange={(v) => setModel({ bidirectional: v === 'bi' })} />
        <NumberField name="seqLen" label="Sequence length" value={train.seqLen} step={1} onCommit={(seqLen) => setTrain({ seqLen })} error={fieldError('seqLen')} />
        <NumberField name="batchSize" label="Batch size" value={train.batchSize} step={1} onCommit={(batchSize) => setTrain({ batchSize })} error={fieldError('batchSize')} />
        <NumberField name="learningRate" label="Learning rate" value={train.learningRate} onCommit={(learningRate) => setTrain({ learningRate })} error={fieldError('learningRate')} />
        <SelectField<OptimizerKind> id="optimizer" label="Optimizer" value={train.optimizer} options={[['adam', 'Adam'], ['sgd', 'SGD'], ['rmsprop', 'RMSprop']]} onChange={(optimizer) => setTrain({ optimizer })} />
        <SelectField<ClipMode> id="clipMode" label="Gradient clipping" value={train.clipMode} options={[['norm', 'by global norm'], ['value', 'by value'], ['none', 'off']]} onChange={(clipMode) => setTrain({ clipMode })} />
        {train.clipMode !== 'none' && <NumberField name="clipValue" label="Clip threshold" value={train.clipValue} onCommit={(clipValue) => setTrain({ clipValue })} error={fieldError('clipValue')} />}
        <NumberField name="seed" label="Seed" value={train.seed} step={1} onCommit={(seed) => setTrain({ seed })} error={fieldError('seed')} />
      </div>
      <div className="actions">
        <button type="button" className="primary" data-testid="train" onClick={() => trainOrPause(false)} disabled={status === 'preparing' || (empty && status !== 'training')}>
          {status === 'training' ? 'Pause' : 'Train'}
        </button>
        <button type="button" data-testid="train-all" onClick={() => trainOrPause(true)} disabled={status === 'training' || status === 'preparing' || empty} title="RNN, LSTM and GRU on the same text, seed and settings">
          Train all three
        </button>
        <button type="button" data-testid="step" onClick={stepOnce} disabled={status === 'training' || status === 'preparing'}>
          Step
        </button>
        <button type="button" data-testid="reset" onClick={reset}>
          Reset
        </button>
        {empty && <span className="note" data-testid="empty-note">Type or paste some text to train on.</span>}
        {stale && status !== 'idle' && <span className="note">Settings changed: the next Train starts a new run.</span>}
      </div>
      {generalError && (
        <p className="field-error" role="alert" data-testid="run-error">
          {generalError}
        </p>
      )}
    </Panel>
  );
}
