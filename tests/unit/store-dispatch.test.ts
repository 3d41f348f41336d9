// The page's store (src/store) in Node, with the worker replaced by a list of what it was sent:
// the dispatcher routes each worker message to its slices, Train asks the worker to start once the
// runs are ready (no round trip), and a trace lands in `traces` without touching what panels render.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../../src/engine/protocol.ts';
import type { Trace } from '../../src/model/trace.ts';
import { dispatch } from '../../src/store/dispatch.ts';
import { useStore } from '../../src/store/store.ts';

const sent: ToWorker[] = [];
const initial = useStore.getState();
const receive = (m: FromWorker) => dispatch(useStore.getState(), m);
const info = (id: string) => ({ id, backend: 'webgpu' as const, adapter: 'google · swiftshader', vocabSize: 43, parameters: 100 });

beforeEach(() => {
  vi.useFakeTimers();
  sent.length = 0;
  useStore.setState({ ...initial, send: (m) => void sent.push(m) }, true);
});
afterEach(() => {
  receive({ type: 'running', running: false }); // stops the sampling and tracing timers
  vi.useRealTimers();
});

it('reports the GPU the worker found to the status line', () => {
  expect(useStore.getState().gpu).toEqual({ kind: 'checking' });
  receive({ type: 'gpu', report: { kind: 'cpu', reason: 'navigator.gpu is missing' } });
  expect(useStore.getState().gpu).toEqual({ kind: 'cpu', reason: 'navigator.gpu is missing' });
});

it('asks the worker to start training once the runs are ready, in the init itself', () => {
  useStore.getState().trainOrPause();
  expect(sent.map((m) => m.type)).toEqual(['init']);
  expect(sent[0]).toMatchObject({ type: 'init', then: 'start', runs: [{ id: 'lstm' }] });
  expect(useStore.getState().status).toBe('preparing');
  vi.runAllTimers(); // the new rows show one task after the click
  receive({ type: 'ready', runs: [info('lstm')], fallbackReason: null });
  expect(useStore.getState()).toMatchObject({ status: 'ready', stale: false, runs: [{ id: 'lstm', info: info('lstm') }] });
  expect(sent.map((m) => m.type)).toEqual(['init']); // no 'start' from the page, no sample before training
  receive({ type: 'running', running: true });
  expect(useStore.getState().status).toBe('training');
  expect(sent.map((m) => m.type)).toEqual(['init', 'sample']);
  receive({ type: 'metrics', runs: [{ id: 'lstm', points: [{ step: 1, loss: 3.7, gradNorm: 1, clipped: false, seconds: 0.1 }], charsPerSec: 900 }] });
  expect(useStore.getState().runs[0]).toMatchObject({ points: [{ step: 1, loss: 3.7 }], charsPerSec: 900 });
  vi.advanceTimersByTime(1000); // traces of the inspected window about once a second
  expect(sent.filter((m) => m.type === 'trace' || m.type === 'probs').map((m) => m.type)).toEqual(['trace', 'probs']);
});

it('asks for one step after the build when Step rebuilds the runs', () => {
  useStore.getState().stepOnce();
  expect(sent).toMatchObject([{ type: 'init', then: 'step' }]);
  vi.runAllTimers();
  receive({ type: 'ready', runs: [info('lstm')], fallbackReason: null });
  expect(sent.map((m) => m.type)).toEqual(['init', 'sample']); // drawn after the step
});

it('keeps the latest trace of each run in the store, read through a transient subscription', () => {
  useStore.getState().trainOrPause();
  vi.runAllTimers();
  receive({ type: 'ready', runs: [info('lstm')], fallbackReason: null });
  receive({ type: 'running', running: false }); // the final state after a pause: traced at once
  const asked = sent.find((m): m is Extract<ToWorker, { type: 'trace' }> => m.type === 'trace')!;
  const runs = useStore.getState().runs;
  const seen: string[] = [];
  const off = useStore.subscribe((s, prev) => s.traces !== prev.traces && seen.push(...Object.keys(s.traces)));
  const trace = { T: 16 } as unknown as Trace;
  receive({ type: 'trace', id: asked.id, runId: 'lstm', step: 7, symbols: [], labels: [], trace, params: null, saliency: null });
  off();
  expect(seen).toEqual(['lstm']);
  expect(useStore.getState().traces.lstm).toMatchObject({ runId: 'lstm', step: 7, trace });
  expect(useStore.getState().runs).toBe(runs); // what the panels select is untouched
});

it('drops the answer to a stale trace request and clears the traces when new runs are ready', () => {
  useStore.getState().trainOrPause();
  vi.runAllTimers();
  receive({ type: 'ready', runs: [info('lstm')], fallbackReason: null });
  receive({ type: 'trace', id: 999, runId: 'lstm', step: 1, symbols: [], labels: [], trace: {} as Trace, params: null, saliency: null });
  expect(useStore.getState().traces).toEqual({});
  useStore.setState({ traces: { lstm: {} as never } });
  receive({ type: 'ready', runs: [info('lstm')], fallbackReason: null });
  expect(useStore.getState().traces).toEqual({});
});

it('deletes a run of the session: the worker sets it aside, Undo puts it back at its place, a new session forgets it', () => {
  useStore.getState().trainOrPause(true);
  vi.runAllTimers();
  receive({ type: 'ready', runs: ['rnn', 'lstm', 'gru'].map(info), fallbackReason: null });
  receive({ type: 'metrics', runs: ['rnn', 'lstm', 'gru'].map((id) => ({ id, points: [{ step: 1, loss: 3, gradNorm: 1, clipped: false, seconds: 0.1 }], charsPerSec: 1 })) });
  sent.length = 0;
  useStore.getState().removeRun('lstm');
  expect(sent).toEqual([{ type: 'drop', runId: 'lstm' }]);
  expect(useStore.getState().runs.map((r) => r.id)).toEqual(['rnn', 'gru']);
  expect(useStore.getState().lastRemoved).toMatchObject({ kind: 'session', index: 1, run: { id: 'lstm', label: 'LSTM', points: [{ step: 1 }] } });
  useStore.getState().undoRemove();
  expect(sent.at(-1)).toEqual({ type: 'undrop', runId: 'lstm' });
  expect(useStore.getState().runs.map((r) => r.id)).toEqual(['rnn', 'lstm', 'gru']);
  expect(useStore.getState().lastRemoved).toBeNull();

  // a second deletion forgets the first (only the last can be undone)
  useStore.getState().removeRun('rnn');
  useStore.getState().removeRun('gru');
  expect(sent.slice(-3)).toEqual([{ type: 'drop', runId: 'rnn' }, { type: 'forget-dropped' }, { type: 'drop', runId: 'gru' }]);
  expect(useStore.getState().runs.map((r) => r.id)).toEqual(['lstm']);
  // a new session: the run set aside is forgotten before the worker builds the new runs
  useStore.getState().trainOrPause(true);
  expect(sent.slice(-2).map((m) => m.type)).toEqual(['forget-dropped', 'init']);
  expect(useStore.getState().lastRemoved).toBeNull();
});
