// Actions: everything that changes the playground goes through here (outside components).
// Settings that change shapes mark the run stale (the next Train or Step rebuilds it, clearly);
// the learning rate and clipping apply live to the running model.
import type { FromWorker } from '../engine/protocol.ts';
import { CELL_KINDS } from '../model/cells/registry.ts';
import { assertValid, ConfigError, problem, type CellKind, type ModelConfig, type TrainConfig } from '../model/config.ts';
import { DEFAULT_SAMPLE } from '../model/sample.ts';
import { PRESETS, type PresetName } from '../ui/presets.ts';
import { clearRunCheckpoints } from '../io/checkpoints.ts';
import { engine, onEngineMessage } from './engine.ts';
import { taskModelError, type TaskMode } from '../model/tasks.ts';
import { MAX_TEXT_UNITS, runView, useStore, type ChartOptions, type PlaygroundState, type RunView } from './store.ts';

const MAX_POINTS = 20_000;
const SAMPLE_EVERY_MS = 3000;
const LIVE_KEYS = ['learningRate', 'clipMode', 'clipValue'] as const;

let afterReady: 'start' | 'step' | null = null;
/** The text and mode the last build was asked for: a problem the worker finds in them is stale
 *  once the person has changed either. */
let builtFor: { text: string; mode: TaskMode } | null = null;
/** The rows of runs being built, shown one task after the click that asked for them: the click's
 *  own task stays short (the e2e long-task check measured 63 ms for both renders in one task). */
let pendingRuns: RunView[] | null = null;
let sampleTimer: ReturnType<typeof setInterval> | null = null;
let sampleId = 0;
/** At most one sample request in flight: a slow sampler must not queue up behind itself. */
let samplePending = false;

const set = useStore.setState;
const get = useStore.getState;

function onMessage(m: FromWorker) {
  switch (m.type) {
    case 'ready': {
      showPendingRuns();
      set((s) => ({
        runs: s.runs.map((r) => ({ ...r, info: m.runs.find((x) => x.id === r.id) ?? null, points: [], charsPerSec: 0 })),
        fallbackReason: m.fallbackReason,
        status: 'ready',
        stale: false,
        error: null,
      }));
      const next = afterReady;
      afterReady = null;
      if (next) engine().send({ type: next });
      if (next !== 'start') requestSample(); // after a step, or for an imported model
      requestPrediction();
      return;
    }
    case 'backend':
      // the GPU is gone for good: the runs went back to their last good step and go on on the CPU
      set((s) => ({
        fallbackReason: m.fallbackReason,
        runs: s.runs.map((r) => {
          const back = m.restoredSteps[r.id];
          return { ...r, info: m.runs.find((x) => x.id === r.id) ?? r.info, points: back === undefined ? r.points : r.points.filter((p) => p.step <= back) };
        }),
      }));
      return;
    case 'metrics': {
      set((s) => ({
        runs: s.runs.map((r) => {
          const got = m.runs.find((x) => x.id === r.id);
          if (!got) return r;
          const points = r.points.concat(got.points);
          return { ...r, points: points.length > MAX_POINTS ? points.slice(points.length - MAX_POINTS) : points, charsPerSec: got.charsPerSec };
        }),
      }));
      return;
    }
    case 'running':
      set({ status: m.running ? 'training' : get().status === 'error' ? 'error' : 'ready' });
      if (m.running) startSampling();
      else stopSampling();
      return;
    case 'diverged': {
      const run = get().runs.find((r) => r.id === m.runId);
      const name = run?.label ?? m.runId;
      set({ error: { message: `${name} diverged at step ${m.step}`, field: null, diverged: { name, step: m.step, restored: m.restoredStep } } });
      return;
    }
    case 'sample':
      samplePending = false;
      if (m.id === sampleId) set({ sample: m.text, sampleStep: m.step });
      return;
    case 'evaluation': {
      const point = { step: m.step, seconds: m.seconds, accuracy: m.accuracy, loss: m.loss };
      set((s) => ({ runs: s.runs.map((r) => (r.id === m.runId ? { ...r, evals: [...r.evals, point], predicted: m.predicted } : r)) }));
      return;
    }
    case 'predicted':
      if (m.id === predictId) set((s) => ({ predict: { ...s.predict, result: { step: m.step, probs: m.probs, unknown: m.unknown } } }));
      return;
    case 'error':
      if (m.field === 'import') return set({ importing: false, error: { message: m.message, field: m.field, problem: m.problem } }); // nothing changed
      afterReady = null;
      samplePending = false;
      stopSampling();
      if (m.field === 'text' && (get().text !== builtFor?.text || get().mode !== builtFor.mode)) return set({ status: 'idle', stale: true }); // about a text since edited
      set({ status: 'error', error: { message: m.message, field: m.field, problem: m.problem } });
      return;
  }
}

onEngineMessage(onMessage);

/** While training, the samples (or a classifier's answer to the typed sentence) keep up. */
function startSampling() {
  stopSampling();
  requestSample();
  sampleTimer = setInterval(() => {
    requestSample();
    requestPrediction();
  }, SAMPLE_EVERY_MS);
}

let predictId = 0;

/** Classification: the first run's label probabilities for the typed sentence. */
function requestPrediction() {
  const { mode, stale, runs, predict } = get();
  const run = runs[0];
  if (mode !== 'classify' || stale || !run?.info || predict.text.trim() === '') return;
  engine().send({ type: 'predict', id: ++predictId, runId: run.id, text: predict.text });
}

/** The sentence in the prediction box; answered live as it is typed. */
export function setPredictText(text: string) {
  set((s) => ({ predict: { text, result: text.trim() === '' ? null : s.predict.result } }));
  requestPrediction();
}

/** The task: next character, lines, or labelled sentences. Shapes change: the runs start anew. */
export function setMode(mode: TaskMode) {
  if (mode === get().mode) return;
  if (get().status === 'training') engine().send({ type: 'pause' });
  set((s) => ({ mode, stale: true, status: 'idle', runs: [], sample: '', error: null, chart: chartFor(mode, s.chart) }));
}

/** Chart options valid for a mode: accuracy only for a classifier, bits per character not for one. */
function chartFor(mode: TaskMode, chart: ChartOptions): ChartOptions {
  const fits = chart.y === 'loss' || (chart.y === 'accuracy') === (mode === 'classify');
  return fits ? chart : { ...chart, y: 'loss' };
}

function stopSampling() {
  if (sampleTimer) clearInterval(sampleTimer);
  sampleTimer = null;
}

export function requestSample() {
  if (get().stale || samplePending || get().mode === 'classify') return;
  const run = get().runs[0];
  if (!run) return;
  samplePending = true;
  engine().send({ type: 'sample', id: ++sampleId, runId: run.id, opts: { ...DEFAULT_SAMPLE, ...get().sampleOptions, seed: sampleId } });
}

/**
 * Validates the settings; on a problem shows it at its field and returns false. The text is
 * checked by the worker (it may be megabytes); its ConfigError comes back naming the field.
 */
function validate(): boolean {
  const { model, train, text } = get();
  if (text.length === 0) {
    set({ error: { message: 'The training text is empty: type or paste some text.', field: 'text', problem: problem('textEmpty') } });
    return false;
  }
  try {
    assertValid(model, train);
    const refused = taskModelError(get().mode, model);
    if (refused) throw refused;
    return true;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    set({ error: { message: err.message, field: err.field, problem: err.problem } });
    return false;
  }
}

/** The cells a session trains: the chosen one, or all three on the same settings. */
function cellsFor(compare: boolean): CellKind[] {
  return compare ? [...CELL_KINDS] : [get().model.cell];
}

function sessionMatches(cells: CellKind[]): boolean {
  const { runs, stale, status } = get();
  return !stale && status !== 'error' && status !== 'idle' && runs.map((r) => r.id).join() === cells.join();
}

function rebuildThen(cells: CellKind[], next: 'start' | 'step') {
  if (!validate()) return;
  const { model, train, text, mode } = get();
  afterReady = next;
  builtFor = { text, mode };
  samplePending = false; // a rebuild answers no earlier sample request (ids move on)
  const runs: RunView[] = cells.map((cell) => runView(cell, { ...model, cell }));
  set({ status: 'preparing', error: null, sample: '', importNotice: null });
  pendingRuns = runs;
  setTimeout(showPendingRuns, 0);
  void clearRunCheckpoints(); // the new runs post their own
  engine().send({ type: 'init', runs: runs.map((r) => ({ id: r.id, model: r.model })), train, text, mode });
}

function showPendingRuns() {
  if (pendingRuns && get().status === 'preparing') set({ runs: pendingRuns });
  pendingRuns = null;
}

/** Train (or pause) the chosen cell; with `compare`, RNN, LSTM and GRU side by side. */
export function trainOrPause(compare = false) {
  const { status } = get();
  set({ error: null });
  if (status === 'training') return engine().send({ type: 'pause' });
  const cells = cellsFor(compare);
  if (!sessionMatches(cells)) return rebuildThen(cells, 'start');
  engine().send({ type: 'start' });
}

export function stepOnce() {
  const { status, runs } = get();
  if (status === 'training' || status === 'preparing') return;
  const cells = runs.length > 1 ? runs.map((r) => r.id) : cellsFor(false);
  if (!sessionMatches(cells)) return rebuildThen(cells, 'step');
  engine().send({ type: 'step' });
  requestSample(); // the worker answers these after the step
  requestPrediction();
}

export function reset() {
  if (get().status === 'training') engine().send({ type: 'pause' });
  set({ stale: true, status: 'idle', runs: [], sample: '', error: null });
  void clearRunCheckpoints();
}

export function renameKept(id: string, name: string) {
  set((s) => ({ kept: s.kept.map((k) => (k.id === id ? { ...k, name } : k)) }));
}

export function setLang(lang: PlaygroundState['lang']) {
  set({ lang });
}

export function setSampleOptions(patch: Partial<PlaygroundState['sampleOptions']>) {
  set((s) => ({ sampleOptions: { ...s.sampleOptions, ...patch } }));
}

export function setChart(patch: Partial<ChartOptions>) {
  set((s) => ({ chart: { ...s.chart, ...patch } }));
}

export function toggleSeries(id: string) {
  set((s) => ({ chart: { ...s.chart, hidden: s.chart.hidden.includes(id) ? s.chart.hidden.filter((h) => h !== id) : [...s.chart.hidden, id] } }));
}

export function setText(text: string) {
  if (text.length <= MAX_TEXT_UNITS) return set({ text, stale: true, error: null, textNotice: null });
  // keep the start, never cutting a surrogate pair in half
  let cut = MAX_TEXT_UNITS;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  set({ text: text.slice(0, cut), stale: true, error: null, textNotice: { kept: cut, total: text.length } });
}

export function applyPreset(name: PresetName) {
  const p = PRESETS[name];
  if (get().status === 'training') engine().send({ type: 'pause' });
  set((s) => ({
    text: p.text,
    mode: p.mode ?? 'lm',
    chart: chartFor(p.mode ?? 'lm', s.chart),
    model: { ...s.model, ...p.model },
    train: { ...s.train, ...p.train },
    sampleOptions: { ...s.sampleOptions, ...p.sample },
    stale: true,
    status: 'idle',
    error: null,
    runs: [],
    sample: '',
    textNotice: null,
  }));
}

export function setModel(patch: Partial<ModelConfig>) {
  set((s) => ({ model: { ...s.model, ...patch }, stale: true, error: null }));
}

export function setTrain(patch: Partial<TrainConfig>) {
  const live = Object.keys(patch).every((k) => (LIVE_KEYS as readonly string[]).includes(k));
  set((s) => ({ train: { ...s.train, ...patch }, stale: s.stale || !live, error: null }));
  if (live && !get().stale && validate()) {
    const { learningRate, clipMode, clipValue } = get().train;
    engine().send({ type: 'update', patch: { learningRate, clipMode, clipValue } });
  }
}
