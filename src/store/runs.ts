// Runs slice: Train, Step, Reset and what the worker reports of its runs — metrics, status,
// divergence, samples, a classifier's evaluations and predictions. Settings that change shapes
// mark the runs stale; the next Train or Step rebuilds them, and the 'init' says what the worker
// does once they are ready (train, or one step), so no round trip through the page is needed.
// Each new run takes a colour no kept run has, and says what changed against the run before it.
// A run deleted from the session is set aside by the worker until Undo or a new session.
import type { AfterInit } from '../engine/protocol.ts';
import { clearRunCheckpoints, saveResume, type StoredResume } from '../io/checkpoints.ts';
import { CELL_KINDS } from '../model/cells/registry.ts';
import { assertValid, ConfigError, problem, type CellKind } from '../model/config.ts';
import { assertMemoryValid } from '../model/memory-tasks.ts';
import { runDiff, textFingerprint, type RunConfig } from '../model/run-diff.ts';
import { DEFAULT_SAMPLE } from '../model/sample.ts';
import { pickColor } from './run-colors.ts';
import { taskModelError, type TaskMode } from '../model/tasks.ts';
import { runView, type ErrorView, type PlaygroundState, type RunsSlice, type RunView, type Slice } from './state.ts';

const MAX_POINTS = 20_000;
const SAMPLE_EVERY_MS = 3000;

/** The problem with the settings (the text's own problems are the worker's to find; a memory task's
 *  knobs are checked here, each problem naming its knob), or null. */
export function settingsError({ model, train, text, mode, memory }: PlaygroundState): ErrorView | null {
  if (mode !== 'memory' && text.length === 0) return { message: 'The training text is empty: type or paste some text.', field: 'text', problem: problem('textEmpty') };
  try {
    assertValid(model, train);
    const refused = taskModelError(mode, model);
    if (refused) throw refused;
    if (mode === 'memory') assertMemoryValid(memory); // a memory task reads no text: its knobs
    return null;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { message: err.message, field: err.field, problem: err.problem };
  }
}

/** No runs: settings that change their shapes (a mode, a preset) or Reset drop them. */
export const NO_RUNS = { stale: true, status: 'idle', runs: [], sample: '', error: null } satisfies Partial<PlaygroundState>;

/** Training stops before the runs it trains are dropped. */
export function pauseIfTraining(s: PlaygroundState): void {
  if (s.status === 'training') s.send({ type: 'pause' });
}

/** Before the runs are dropped (a preset, a task, Reset): training stops, and what the inspection
 *  panels drew of them (traces, the tint, passages, step mode) goes with them, so no panel keeps showing a
 *  run that is gone. Set NO_RUNS after it. */
export function dropRuns(s: PlaygroundState): void {
  pauseIfTraining(s);
  s.clearTraces();
  s.clearPassages();
  s.closeStepper();
  forgetRemovedRun(s);
}

/** A deleted run of the session cannot come back once the session is replaced (the worker frees
 *  it before it builds new runs). */
export function forgetRemovedRun(s: PlaygroundState): void {
  if (s.lastRemoved?.kind === 'session') s.forgetRemoved();
}

/** A record of runs without run `id`'s entry. */
function without<V>(byRun: Readonly<Record<string, V>>, id: string): Record<string, V> {
  return Object.fromEntries(Object.entries(byRun).filter(([runId]) => runId !== id));
}

export const createRunsSlice: Slice<RunsSlice> = (set, get) => {
  /** The last build asked for: its text and mode (a problem the worker finds in them is stale
   *  once the person has changed either), and what the worker does once it is ready. */
  let built: { text: string; mode: TaskMode; then: AfterInit } | null = null;
  /** The rows of runs being built, shown one task after the click that asked for them: the click's
   *  own task stays short (the e2e long-task check measured 63 ms for both renders in one task). */
  let pendingRuns: RunView[] | null = null;
  let sampleTimer: ReturnType<typeof setInterval> | null = null;
  let sampleId = 0;
  /** At most one sample request in flight: a slow sampler must not queue up behind itself. */
  let samplePending = false;
  let predictId = 0;
  /** The settings of the last runs built: what a run after a Reset is compared with. */
  let lastConfig: RunConfig | null = null;
  /** The restored runs' resumable states (after a reload), until a Train or Step uses them. */
  let resumes: Record<string, StoredResume> = {};
  /** The state last stored of each run: stored again as not training once training stops (the
   *  worker posts its last state before it says so), so only a page closed mid-run resumes training. */
  let stored: Record<string, StoredResume> = {};
  const forgetResumes = () => {
    resumes = {};
    set({ resumable: {} });
  };

  /** Classification: the first run's label probabilities for the typed sentence. */
  const requestPrediction = () => {
    const { mode, stale, runs, predict, send } = get();
    const run = runs[0];
    if (mode !== 'classify' || stale || !run?.info || predict.text.trim() === '') return;
    send({ type: 'predict', id: ++predictId, runId: run.id, text: predict.text });
  };

  const requestSample = () => {
    const { stale, mode, runs, sampleOptions, send } = get();
    if (stale || samplePending || mode === 'classify' || mode === 'memory') return; // neither writes text
    const run = runs[0];
    if (!run) return;
    samplePending = true;
    send({ type: 'sample', id: ++sampleId, runId: run.id, opts: { ...DEFAULT_SAMPLE, ...sampleOptions, seed: sampleId } });
  };

  const stopSampling = () => {
    if (sampleTimer) clearInterval(sampleTimer);
    sampleTimer = null;
  };

  /** While training, the samples (or a classifier's answer to the typed sentence) keep up. */
  const startSampling = () => {
    stopSampling();
    requestSample();
    sampleTimer = setInterval(() => {
      requestSample();
      requestPrediction();
    }, SAMPLE_EVERY_MS);
  };

  const showPendingRuns = () => {
    if (pendingRuns && get().status === 'preparing') set({ runs: pendingRuns });
    pendingRuns = null;
  };

  /** Validates the settings; on a problem shows it at its field and returns false. */
  const validate = (): boolean => {
    const error = settingsError(get());
    if (error) set({ error });
    return !error;
  };

  /** The cells a session trains: the chosen one, or all three on the same settings. */
  const cellsFor = (compare: boolean): CellKind[] => (compare ? [...CELL_KINDS] : [get().model.cell]);

  const sessionMatches = (cells: CellKind[]): boolean => {
    const { runs, stale, status } = get();
    return !stale && status !== 'error' && status !== 'idle' && runs.map((r) => r.id).join() === cells.join();
  };

  const rebuildThen = (cells: CellKind[], then: 'start' | 'step') => {
    if (!validate()) return;
    const { model, train, text, mode, memory, send, runs: before, kept } = get();
    built = { text, mode, then };
    stored = {};
    samplePending = false; // a rebuild answers no earlier sample request (ids move on)
    const fingerprint = mode === 'memory' ? '' : textFingerprint(text);
    // each run against the run before it: the last session's of its cell (or its first), else the
    // last built, else the last kept
    const prevOf = (cell: CellKind) => (before.find((r) => r.id === cell) ?? before[0])?.config ?? lastConfig ?? kept.at(-1)?.config ?? null;
    const used = kept.flatMap((k) => (k.color ? [k.color] : []));
    const runs: RunView[] = cells.map((cell) => {
      const config: RunConfig = { model: { ...model, cell }, train, mode, text: fingerprint, ...(mode === 'memory' ? { memory } : {}) };
      const prev = prevOf(cell);
      const color = pickColor(cell, used);
      used.push(color);
      return runView(cell, config.model, null, { color, config, diff: prev ? runDiff(prev, config) : null });
    });
    lastConfig = runs[0]?.config ?? lastConfig;
    forgetRemovedRun(get());
    // restored runs whose settings are unchanged continue from their stored state (curve and all)
    const resumed = runs.map((r) => {
      const state = resumes[r.id];
      const old = before.find((b) => b.id === r.id);
      if (!state || !old || runDiff(state.config, r.config!).length > 0) return null;
      Object.assign(r, { label: old.label, color: old.color, diff: old.diff, points: old.points.filter((p) => p.step <= state.step) });
      return { step: state.step, bytes: state.bytes };
    });
    forgetResumes();
    set({ status: 'preparing', error: null, sample: '', importNotice: null });
    pendingRuns = runs;
    setTimeout(showPendingRuns, 0);
    void clearRunCheckpoints(); // the new runs post their own
    send({ type: 'init', runs: runs.map((r, i) => ({ id: r.id, model: r.model, ...(resumed[i] ? { resume: resumed[i] } : {}) })), train, text, mode, memory, then });
  };

  return {
    status: 'idle',
    runs: [],
    fallbackReason: null,
    error: null,
    sample: '',
    sampleStep: 0,
    stale: true,
    predict: { text: '', result: null },
    resumable: {},
    resumeNotice: null,
    heldOut: null,

    restoreResumes: (states) => {
      const runs = get().runs.filter((r) => states[r.id]);
      resumes = Object.fromEntries(runs.map((r) => [r.id, states[r.id]!]));
      // the curve as it was at the stored state (the last good checkpoint's may be older)
      set((s) => ({
        resumable: Object.fromEntries(runs.map((r) => [r.id, states[r.id]!.step])),
        runs: s.runs.map((r) => (states[r.id] && states[r.id]!.points.length >= r.points.length ? { ...r, points: states[r.id]!.points } : r)),
      }));
      // it was training when the page closed: it goes on (all of the restored runs, side by side)
      if (runs.length > 0 && runs.every((r) => states[r.id]!.training)) {
        const cells = get().runs.map((r) => r.id);
        if (get().runs.length === runs.length) rebuildThen(cells, 'start');
      }
    },

    /** Train (or pause) the chosen cell; with `compare`, RNN, LSTM and GRU side by side. */
    trainOrPause: (compare = false) => {
      const { status, send } = get();
      set({ error: null });
      if (status === 'training') return send({ type: 'pause' });
      const cells = cellsFor(compare);
      if (!sessionMatches(cells)) return rebuildThen(cells, 'start');
      send({ type: 'start' });
    },

    stepOnce: () => {
      const { status, runs, send } = get();
      if (status === 'training' || status === 'preparing') return;
      const cells = runs.length > 1 ? runs.map((r) => r.id) : cellsFor(false);
      if (!sessionMatches(cells)) return rebuildThen(cells, 'step');
      send({ type: 'step' });
      requestSample(); // the worker answers these after the step
      requestPrediction();
    },

    removeRun: (id) => {
      const s = get();
      const index = s.runs.findIndex((r) => r.id === id);
      if (index < 0 || s.status === 'preparing') return;
      s.forgetRemoved(); // only the last deletion can be undone
      if (s.stepper?.runId === id) s.closeStepper();
      stored = without(stored, id); // not stored again when training stops
      s.send({ type: 'drop', runId: id });
      set((st) => ({
        runs: st.runs.filter((r) => r.id !== id),
        traces: without(st.traces, id),
        saliency: without(st.saliency, id),
        lastRemoved: { kind: 'session', run: s.runs[index]!, index },
      }));
    },

    reset: () => {
      dropRuns(get());
      forgetResumes();
      stored = {};
      set({ ...NO_RUNS, resumeNotice: null });
      void clearRunCheckpoints();
    },

    requestSample,

    /** The sentence in the prediction box; answered live as it is typed. */
    setPredictText: (text) => {
      set((s) => ({ predict: { text, result: text.trim() === '' ? null : s.predict.result } }));
      requestPrediction();
    },

    runsReady: (m) => {
      showPendingRuns();
      const from = m.runs.find((x) => x.resumedFrom !== undefined)?.resumedFrom;
      set((s) => ({
        // a resumed run keeps its curve up to the step it continues from
        runs: s.runs.map((r) => {
          const info = m.runs.find((x) => x.id === r.id) ?? null;
          const back = info?.resumedFrom;
          return { ...r, info, points: back === undefined ? [] : r.points.filter((p) => p.step <= back), charsPerSec: 0 };
        }),
        heldOut: m.heldOut ?? null,
        resumeNotice: from === undefined ? (s.resumeNotice && 'failed' in s.resumeNotice ? s.resumeNotice : null) : { step: from },
        fallbackReason: m.fallbackReason,
        status: 'ready',
        stale: false,
        error: null,
      }));
      const then = built?.then ?? null; // what the worker does now (an import: nothing)
      built = built && { ...built, then: null };
      if (then !== 'start') requestSample(); // after a step, or for an imported model
      requestPrediction();
    },

    backendChanged: (m) => {
      // the GPU is gone for good: the runs went back to their last good step and go on on the CPU
      set((s) => ({
        fallbackReason: m.fallbackReason,
        runs: s.runs.map((r) => {
          const back = m.restoredSteps[r.id];
          return { ...r, info: m.runs.find((x) => x.id === r.id) ?? r.info, points: back === undefined ? r.points : r.points.filter((p) => p.step <= back) };
        }),
      }));
    },

    metricsArrived: (m) => {
      set((s) => ({
        runs: s.runs.map((r) => {
          const got = m.runs.find((x) => x.id === r.id);
          if (!got) return r;
          const points = r.points.concat(got.points);
          return { ...r, points: points.length > MAX_POINTS ? points.slice(points.length - MAX_POINTS) : points, charsPerSec: got.charsPerSec };
        }),
      }));
    },

    runningChanged: (running) => {
      set({ status: running ? 'training' : get().status === 'error' ? 'error' : 'ready' });
      if (!running) for (const [id, r] of Object.entries(stored)) if (r.training) void saveResume(id, (stored[id] = { ...r, training: false }));
      if (running) startSampling();
      else stopSampling();
    },

    diverged: (m) => {
      const run = get().runs.find((r) => r.id === m.runId);
      const name = run?.label ?? m.runId;
      const climb = m.climb ? { loss: m.climb.loss, start: m.climb.start } : {};
      set({ error: { message: `${name} diverged at step ${m.step}`, field: null, diverged: { name, step: m.step, restored: m.restoredStep, ...climb } } });
    },

    resumeStateArrived: (m) => {
      const { status, runs } = get();
      const run = status === 'preparing' ? undefined : runs.find((r) => r.id === m.runId);
      if (m.id !== null || !run?.config) return;
      stored[m.runId] = { step: m.state.step, bytes: m.state.bytes, training: status === 'training', config: run.config, points: run.points.filter((p) => p.step <= m.state.step) };
      void saveResume(m.runId, stored[m.runId]!);
    },

    sampleArrived: (m) => {
      samplePending = false;
      if (m.id === sampleId) set({ sample: m.text, sampleStep: m.step });
    },

    evaluationArrived: (m) => {
      const point = { step: m.step, seconds: m.seconds, accuracy: m.accuracy, loss: m.loss };
      set((s) => ({ runs: s.runs.map((r) => (r.id === m.runId ? { ...r, evals: [...r.evals, point], predicted: m.predicted } : r)) }));
    },

    predictionArrived: (m) => {
      if (m.id === predictId) set((s) => ({ predict: { ...s.predict, result: { step: m.step, probs: m.probs, unknown: m.unknown } } }));
    },

    workerError: (m) => {
      if (m.field === 'import') return set({ importing: false, error: { message: m.message, field: m.field, problem: m.problem } }); // nothing changed
      if (m.field === 'resume') return set({ resumeNotice: { failed: m.message } }); // the run began anew
      samplePending = false;
      stopSampling();
      built = built && { ...built, then: null }; // that build will not be ready
      const { text, mode } = get();
      if (m.field === 'text' && (text !== built?.text || mode !== built.mode)) return set({ status: 'idle', stale: true }); // about a text since edited
      set({ status: 'error', error: { message: m.message, field: m.field, problem: m.problem } });
    },
  };
};
