// The time-step stepper: step mode on the worker's backend, one (layer, time step) dispatch per
// forward step, the states read back and kept here so back / first / scrubbing re-show them.
// Forward past what was computed dispatches again; training must be paused (the stepper reads the
// parameters as they are when it opens).
import type { FromWorker } from '../engine/protocol.ts';
import type { StepState, StepTick } from '../model/stepping.ts';
import { engine, onEngineMessage } from './engine.ts';
import { inspectWindow } from './inspect.ts';
import { useStore } from './store.ts';

export interface StepperView {
  runId: string;
  ticks: StepTick[];
  /** Vocabulary symbols by id. */
  symbols: readonly string[];
  /** The window's ids: T inputs and the final target (T + 1); a classifier's: the T inputs. */
  ids: Int32Array;
  /** A classifier's labels (its last tick outputs their probabilities); empty otherwise. */
  labels: readonly string[];
  vocabSize: number;
  states: StepState[];
  /** How many ticks are shown (0 = none yet). */
  shown: number;
  /** Backward mode (after the forward pass): how many time steps BPTT has walked back from the
   *  end (1 = the last step), or null in forward mode. The gradients come from the run's trace. */
  backward: number | null;
}

const set = useStore.setState;
const get = useStore.getState;
let requestId = 0;
/** The shown position the person asked for; forward dispatches continue until it is reached. */
let target = 0;
let waiting = false;
let player: ReturnType<typeof setInterval> | null = null;

function patch(p: Partial<StepperView>) {
  set((s) => ({ stepper: s.stepper ? { ...s.stepper, ...p } : null }));
}

/** Dispatches the next tick when the person asked to go further than what is computed. */
function pump() {
  const st = get().stepper;
  if (!st || waiting) return;
  if (target <= st.states.length) {
    patch({ shown: Math.min(target, st.states.length) });
    return;
  }
  if (st.states.length >= st.ticks.length) {
    target = st.ticks.length;
    patch({ shown: target });
    return;
  }
  waiting = true;
  engine().send({ type: 'stepper-next', id: requestId });
}

onEngineMessage((m: FromWorker) => {
  switch (m.type) {
    case 'stepper-opened':
      if (m.id !== requestId) return;
      set({ stepper: { runId: m.runId, ticks: m.ticks, symbols: m.symbols, labels: m.labels, ids: m.ids, vocabSize: m.vocabSize, states: [], shown: 0, backward: null } });
      target = 0;
      waiting = false;
      return;
    case 'stepper-state': {
      if (m.id !== requestId) return;
      waiting = false;
      const st = get().stepper;
      if (!st || !m.state) return;
      patch({ states: [...st.states, m.state] });
      pump();
      return;
    }
    case 'running':
      if (m.running) closeStepper(); // training changes the parameters under it
      return;
    case 'metrics':
      if (get().stepper) closeStepper(); // an update (Step) changed them too
      return;
    case 'ready':
      closeStepper();
      return;
  }
});

/** Opens step mode on the run over the inspected window. */
export function openStepper(runId: string): void {
  if (get().status === 'training') return;
  const window = inspectWindow(get());
  if (!window) return;
  stopPlaying();
  engine().send({ type: 'stepper-open', id: ++requestId, runId, text: window.text });
}

export function closeStepper(): void {
  stopPlaying();
  if (get().stepper) engine().send({ type: 'stepper-close' });
  requestId++;
  waiting = false;
  set({ stepper: null });
}

/** Shows tick position `to` (0..ticks), dispatching forward as far as needed. */
export function stepTo(to: number): void {
  const st = get().stepper;
  if (!st) return;
  target = Math.max(0, Math.min(st.ticks.length, to));
  pump();
}

/** One step: along the forward ticks, or (backward mode) one time step further back in BPTT.
 *  Counted from where the person asked to be, so quick presses while a dispatch runs all count. */
export function stepBy(delta: number): void {
  const st = get().stepper;
  if (st?.backward != null) return walkBack(st.backward + delta); // ▶ goes one step further back in time
  stepTo(target + delta);
}

/** Backward mode at `k` steps walked back from the end (1..T); 0 or less returns to forward mode. */
export function walkBack(k: number): void {
  const st = get().stepper;
  if (!st) return;
  const T = st.ids.length - 1;
  patch({ backward: k <= 0 ? null : Math.min(T, k) });
}

export function togglePlay(stepsPerSecond: number): void {
  if (player) return stopPlaying();
  player = setInterval(() => {
    const st = get().stepper;
    if (!st || st.shown >= st.ticks.length) return stopPlaying();
    if (!waiting) stepBy(1);
  }, 1000 / stepsPerSecond);
  set({ stepperPlaying: true });
}

export function stopPlaying(): void {
  if (player) clearInterval(player);
  player = null;
  set({ stepperPlaying: false });
}
