// Stepper slice: step mode on the worker's backend, one (layer, time step) dispatch per forward
// step, the states read back and kept here so back / first / scrubbing re-show them. Forward past
// what was computed dispatches again; training must be paused (the stepper reads the parameters as
// they are when it opens), and training or an update closes it (src/store/dispatch.ts).
import { answerTargets } from '../model/memory-generators.ts';
import { memoryVocab } from '../model/memory-tasks.ts';
import { inspectWindow } from './inspect.ts';
import { stepperT, type Slice, type StepperSlice, type StepperView } from './state.ts';

export const createStepperSlice: Slice<StepperSlice> = (set, get) => {
  let requestId = 0;
  /** The shown position the person asked for; forward dispatches continue until it is reached. */
  let target = 0;
  let waiting = false;
  let player: ReturnType<typeof setInterval> | null = null;

  const patch = (p: Partial<StepperView>) => set((s) => ({ stepper: s.stepper ? { ...s.stepper, ...p } : null }));

  /** Dispatches the next tick when the person asked to go further than what is computed. */
  const pump = () => {
    const st = get().stepper;
    if (!st || waiting) return;
    if (target <= st.states.length) return patch({ shown: Math.min(target, st.states.length) });
    if (st.states.length >= st.ticks.length) {
      target = st.ticks.length;
      return patch({ shown: target });
    }
    waiting = true;
    get().send({ type: 'stepper-next', id: requestId });
  };

  const stopPlaying = () => {
    if (player) clearInterval(player);
    player = null;
    set({ stepperPlaying: false });
  };

  const stepTo = (to: number) => {
    const st = get().stepper;
    if (!st) return;
    target = Math.max(0, Math.min(st.ticks.length, to));
    pump();
  };

  /** Backward mode at `k` steps walked back from the end (1..T); 0 or less returns to forward mode. */
  const walkBack = (k: number) => {
    const st = get().stepper;
    if (!st) return;
    const T = stepperT(st);
    const entering = st.backward === null && k > 0;
    patch({ backward: k <= 0 ? null : Math.min(T, k) });
    // the backward equations need every unit's BPTT numbers: traced again, with them
    if (entering) get().setInspect({});
  };

  /** One step: along the forward ticks, or (backward mode) one time step further back in BPTT.
   *  Counted from where the person asked to be, so quick presses while a dispatch runs all count. */
  const stepBy = (delta: number) => {
    const st = get().stepper;
    if (st?.backward != null) return walkBack(st.backward + delta); // ▶ goes one step further back in time
    stepTo(target + delta);
  };

  return {
    stepper: null,
    stepperPlaying: false,

    /** Opens step mode on the run over the inspected window. */
    openStepper: (runId) => {
      if (get().status === 'training') return;
      const window = inspectWindow(get());
      if (!window) return;
      stopPlaying();
      get().send({ type: 'stepper-open', id: ++requestId, runId, text: window.text });
    },

    closeStepper: () => {
      stopPlaying();
      if (get().stepper) get().send({ type: 'stepper-close' });
      requestId++;
      waiting = false;
      set({ stepper: null });
    },

    /** Shows tick position `to` (0..ticks), dispatching forward as far as needed. */
    stepTo,
    stepBy,
    walkBack,

    togglePlay: (stepsPerSecond) => {
      if (player) return stopPlaying();
      player = setInterval(() => {
        const st = get().stepper;
        if (!st || st.shown >= st.ticks.length) return stopPlaying();
        if (!waiting) stepBy(1);
      }, 1000 / stepsPerSecond);
      set({ stepperPlaying: true });
    },

    stopPlaying,

    stepperOpened: (m) => {
      if (m.id !== requestId) return;
      const { mode, memory } = get(); // a memory task's answers: its rule on the window (the runs' task)
      const targets = mode === 'memory' ? { targets: answerTargets(memory, memoryVocab(memory), m.ids) } : {};
      set({ stepper: { runId: m.runId, ticks: m.ticks, symbols: m.symbols, labels: m.labels, ids: m.ids, vocabSize: m.vocabSize, ...targets, states: [], shown: 0, backward: null } });
      target = 0;
      waiting = false;
    },

    stepperState: (m) => {
      if (m.id !== requestId) return;
      waiting = false;
      const st = get().stepper;
      if (!st || !m.state) return;
      patch({ states: [...st.states, m.state] });
      pump();
    },
  };
};
