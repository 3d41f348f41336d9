// Traces for the "look inside" panels: while runs train (and after a step), the worker traces
// the inspected window of the training text on each run's current parameters, about once a second;
// the traces go to src/store/traces.ts, never into React state per frame.
import type { FromWorker } from '../engine/protocol.ts';
import { engine, onEngineMessage } from './engine.ts';
import { useStore } from './store.ts';
import { clearTraces, putTrace } from './traces.ts';

const TRACE_EVERY_MS = 1000;
/** Characters of the text tinted by the model's probability of them. */
export const TINT_CHARS = 400;
let timer: ReturnType<typeof setInterval> | null = null;
let traceId = 0;
const inFlight = new Set<string>();

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

/** Asks for a trace of every live run (one in flight per run at most). */
export function requestTraces(): void {
  const { runs, stale, text, inspect } = useStore.getState();
  if (stale) return;
  const window = windowText(text, inspect.offset, inspect.length);
  for (const run of runs) {
    if (!run.info || inFlight.has(run.id)) continue;
    inFlight.add(run.id);
    engine().send({ type: 'trace', id: ++traceId, runId: run.id, text: window });
  }
  const first = runs[0];
  if (first?.info && !inFlight.has('probs')) {
    inFlight.add('probs');
    engine().send({ type: 'probs', id: ++traceId, runId: first.id, text: windowText(text, inspect.offset, TINT_CHARS) });
  }
}

/** A trace taken while the last steps were still running is behind once paused: trace again. */
function settleAfter(tracedStep: number, latestStep: number | undefined) {
  if (!timer && latestStep !== undefined && tracedStep < latestStep) requestTraces();
}

onEngineMessage((m: FromWorker) => {
  switch (m.type) {
    case 'trace': {
      inFlight.delete(m.runId);
      const run = useStore.getState().runs.find((r) => r.id === m.runId);
      if (run && m.trace) putTrace({ runId: m.runId, step: m.step, model: run.model, symbols: m.symbols, trace: m.trace, arrivedAt: performance.now() });
      settleAfter(m.step, run?.points.at(-1)?.step);
      return;
    }
    case 'probs': {
      inFlight.delete('probs');
      useStore.setState({ tint: { runId: m.runId, step: m.step, symbols: m.symbols, probs: m.probs } });
      settleAfter(m.step, useStore.getState().runs.find((r) => r.id === m.runId)?.points.at(-1)?.step);
      return;
    }
    case 'metrics':
      if (!timer) requestTraces(); // after a Step: trace the new parameters
      return;
    case 'running':
      if (timer) clearInterval(timer);
      timer = m.running ? setInterval(requestTraces, TRACE_EVERY_MS) : null;
      if (!m.running) requestTraces(); // the final state after a pause or a step
      return;
    case 'ready':
      inFlight.clear();
      clearTraces();
      useStore.setState({ tint: null });
      return;
  }
});

/** Moves or resizes the inspected window and traces it at once. */
export function setInspect(patch: Partial<{ offset: number; length: number }>): void {
  useStore.setState((s) => ({ inspect: { ...s.inspect, ...patch } }));
  requestTraces();
}
