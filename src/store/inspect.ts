// Inspection slice: traces for the "look inside" panels. While runs train (and after a step), the
// worker traces the inspected window of the training text on each run's current parameters, about
// once a second; the latest trace of each run is kept in `traces`, which panels read through
// `useStore.subscribe` into refs (no React render per trace), and the tint in `tint`.
import { END, START } from '../model/tasks.ts';
import { memoryTestTexts } from './memory-check.ts';
import { currentTask, type InspectSettings, type InspectSlice, type PlaygroundState, type SaliencyRow, type Slice } from './state.ts';

const TRACE_EVERY_MS = 1000;

/** What the inspection panels look at when a text starts: its first 16 steps, the training loss's
 *  gradient, the trained weights (no what-if). A preset starts from here plus its own choices. */
export const FRESH_INSPECT = { offset: 0, length: 16, lossAt: 'all', whhScale: 1, forgetBias: 0, saliencyAt: null } as const satisfies Partial<InspectSettings>;
/** Rows of the saliency view's strip: its latest updates, one a trace (about a second apart while training). */
export const SALIENCY_ROWS = 8;

/** A run's strip with `row` added: a row for another prediction starts it anew; a row of the same
 *  update (a trace after a pause) replaces the last. */
export function withSaliencyRow(rows: readonly SaliencyRow[], row: SaliencyRow): SaliencyRow[] {
  const same = rows.filter((r) => r.at === row.at && r.step < row.step);
  return [...same, row].slice(-SALIENCY_ROWS);
}
/** Characters of the text tinted by the model's probability of them. */
export const TINT_CHARS = 400;

/** The window's text: `length` + 1 code points from code point `offset` (the +1 is the last target). */
export function windowText(text: string, offset: number, length: number): string {
  let i = 0;
  let out = '';
  for (const ch of text) {
    if (i >= offset + length + 1) break;
    if (i >= offset) out += ch;
    i++;
  }
  return out;
}

/**
 * What the tint's probabilities say, in the training loss's terms: their plain mean, their mean
 * loss (−ln p, nats) and the probability that loss stands for (exp(−loss), the geometric mean,
 * never above the plain mean). A training loss of 0.023 is 98% per character; an excerpt read
 * from a zero state averaging 82% has a loss of its own several times higher (its first
 * characters come without context): the caption shows both losses side by side.
 */
export function tintSummary(probs: ArrayLike<number>): { mean: number; loss: number; perChar: number } {
  let sum = 0;
  let nll = 0;
  for (let i = 0; i < probs.length; i++) {
    sum += probs[i]!;
    nll -= Math.log(Math.max(probs[i]!, 1e-12));
  }
  const n = Math.max(1, probs.length);
  return { mean: sum / n, loss: nll / n, perChar: Math.exp(-nll / n) };
}

/** The time steps of the window from `offset`: `length`, or fewer where the text ends first (the
 *  "hello" text has 4, whatever the slider asks for). */
export function windowSteps(text: string, offset: number, length: number): number {
  return Math.max(0, Array.from(windowText(text, offset, length)).length - 1);
}

/**
 * What the inspection panels trace and step through: a window of the text; in line mode one whole
 * line from the start token to the end token; in classification mode one training sentence and
 * its label; a memory task's chosen test sequence (the per-token panel's). Null while the text
 * makes no task in its mode.
 */
export function inspectWindow(s: Pick<PlaygroundState, 'text' | 'mode' | 'inspect' | 'textStats' | 'memory' | 'memoryCheck'>): { text: string; label?: number } | null {
  if (s.mode === 'lm') return { text: windowText(s.text, s.inspect.offset, s.inspect.length) };
  if (s.mode === 'memory') {
    const tests = memoryTestTexts(s.memory, s.memoryCheck.seed);
    return tests.length > 0 ? { text: tests[Math.min(s.inspect.sequence, tests.length - 1)]! } : null;
  }
  const task = currentTask(s);
  if (!task) return null;
  const k = Math.min(s.inspect.sequence, task.sequences.length - 1);
  if (task.mode === 'lines') return { text: START + task.sequences[k]! + END };
  const ex = task.sequences[k]!;
  return { text: ex.text, label: ex.label };
}

export const createInspectSlice: Slice<InspectSlice> = (set, get) => {
  let timer: ReturnType<typeof setInterval> | null = null;
  let traceId = 0;
  /** Bumped by every change of the inspect settings: an answer to older settings is asked again. */
  let settings = 0;
  /** Requests in flight by run id ('probs' for the tint): their id and the settings they were asked with. */
  const inFlight = new Map<string, { id: number; settings: number }>();

  /** Asks for a trace of every live run (one in flight per run at most). */
  const requestTraces = () => {
    const state = get();
    const { runs, stale, text, inspect, mode, send, stepper } = state;
    const window = inspectWindow(state);
    if (stale || !window) return;
    for (const run of runs) {
      if (!run.info || inFlight.has(run.id)) continue;
      inFlight.set(run.id, { id: ++traceId, settings });
      // backward mode writes every unit's BPTT numbers into its equations: the reference computes them
      const grads = stepper?.backward != null && stepper.runId === run.id;
      send({ type: 'trace', id: traceId, runId: run.id, text: window.text, lossAt: inspect.lossAt, weights: inspect.weights, ...(window.label === undefined ? {} : { label: window.label }), ...(grads ? { grads } : {}), ...(inspect.whhScale !== 1 ? { whhScale: inspect.whhScale } : {}), ...(inspect.forgetBias !== 0 ? { forgetBias: inspect.forgetBias } : {}), saliencyAt: inspect.saliencyAt ?? -1 });
    }
    state.requestAnswers(); // a memory task's per-token feedback keeps up with the traces
    const first = runs[0];
    // the tint reads the text as one stream: next-character mode only
    if (mode === 'lm' && first?.info && !inFlight.has('probs')) {
      inFlight.set('probs', { id: ++traceId, settings });
      send({ type: 'probs', id: traceId, runId: first.id, text: windowText(text, inspect.offset, TINT_CHARS) });
    }
  };

  /** Takes answer `id` for `key` off the requests in flight; true when it answers the current
   *  settings (not a request from before new runs or other settings). */
  const answered = (key: string, id: number): boolean => {
    const asked = inFlight.get(key);
    if (asked?.id !== id) return false;
    inFlight.delete(key);
    return asked.settings === settings;
  };

  /** One for older settings (dropped), or taken while the last steps were still running (behind
   *  once paused), is asked again. */
  const settleAfter = (current: boolean, tracedStep: number, runId: string) => {
    const latestStep = get().runs.find((r) => r.id === runId)?.points.at(-1)?.step;
    if (!current || (!timer && latestStep !== undefined && tracedStep < latestStep)) requestTraces();
  };

  return {
    inspect: { ...FRESH_INSPECT, sequence: 0, weights: false },
    traces: {},
    tint: null,
    saliency: {},

    /** Changes what is traced (the window, the loss, the weights) and traces it at once. */
    setInspect: (patch) => {
      // another window, sequence or prediction: the strips start anew
      const moved = patch.offset !== undefined || patch.length !== undefined || patch.sequence !== undefined || patch.saliencyAt !== undefined;
      set((s) => ({ inspect: { ...s.inspect, ...patch }, ...(moved ? { saliency: {} } : {}) }));
      settings++;
      requestTraces();
    },

    requestTraces,

    traceArrived: (m) => {
      const current = answered(m.runId, m.id);
      const run = get().runs.find((r) => r.id === m.runId);
      if (current && run && m.trace) {
        const { lossAt } = get().inspect; // current: the settings it was asked with
        const frame = { runId: m.runId, step: m.step, model: run.model, symbols: m.symbols, labels: m.labels, trace: m.trace, lossAt, arrivedAt: performance.now(), ...(m.params ? { params: m.params } : {}) };
        const row = m.saliency && { step: m.step, ...m.saliency };
        set((s) => ({ traces: { ...s.traces, [m.runId]: frame }, ...(row ? { saliency: { ...s.saliency, [m.runId]: withSaliencyRow(s.saliency[m.runId] ?? [], row) } } : {}) }));
      }
      settleAfter(current, m.step, m.runId);
    },

    probsArrived: (m) => {
      const current = answered('probs', m.id);
      if (current) set({ tint: { runId: m.runId, step: m.step, symbols: m.symbols, probs: m.probs } });
      settleAfter(current, m.step, m.runId);
    },

    parametersChanged: () => {
      if (!timer) requestTraces(); // after a Step: trace the new parameters
    },

    traceWhileRunning: (running) => {
      if (timer) clearInterval(timer);
      timer = running ? setInterval(requestTraces, TRACE_EVERY_MS) : null;
      if (!running) requestTraces(); // the final state after a pause or a step
    },

    clearTraces: () => {
      inFlight.clear();
      set({ traces: {}, tint: null, saliency: {} });
      get().clearAnswers();
    },
  };
};
