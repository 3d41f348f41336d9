// Actions: everything that changes the playground goes through here (outside components).
// Settings that change shapes mark the run stale (the next Train or Step rebuilds it, clearly);
// the learning rate and clipping apply live to the running model.
import { EngineClient } from '../engine/client.ts';
import type { FromWorker } from '../engine/protocol.ts';
import { assertValid, ConfigError, type ModelConfig, type TrainConfig } from '../model/config.ts';
import { DEFAULT_SAMPLE } from '../model/sample.ts';
import { PRESETS, type PresetName } from '../ui/presets.ts';
import { useStore } from './store.ts';

const MAX_POINTS = 20_000;
const SAMPLE_EVERY_MS = 3000;
const LIVE_KEYS = ['learningRate', 'clipMode', 'clipValue'] as const;

let client: EngineClient | null = null;
let afterReady: 'start' | 'step' | null = null;
let sampleTimer: ReturnType<typeof setInterval> | null = null;
let sampleId = 0;
/** At most one sample request in flight: a slow sampler must not queue up behind itself. */
let samplePending = false;

const set = useStore.setState;
const get = useStore.getState;

function onMessage(m: FromWorker) {
  switch (m.type) {
    case 'ready': {
      const { backend, adapter, fallbackReason, vocabSize, parameters } = m;
      set({ info: { backend, adapter, fallbackReason, vocabSize, parameters }, status: 'ready', stale: false, points: [], charsPerSec: 0, error: null });
      const next = afterReady;
      afterReady = null;
      if (next) engine().send({ type: next });
      if (next === 'step') requestSample();
      return;
    }
    case 'metrics': {
      const points = get().points.concat(m.points);
      set({ points: points.length > MAX_POINTS ? points.slice(points.length - MAX_POINTS) : points, charsPerSec: m.charsPerSec });
      return;
    }
    case 'running':
      set({ status: m.running ? 'training' : get().status === 'error' ? 'error' : 'ready' });
      if (m.running) startSampling();
      else stopSampling();
      return;
    case 'sample':
      samplePending = false;
      if (m.id === sampleId) set({ sample: m.text });
      return;
    case 'error':
      afterReady = null;
      samplePending = false;
      stopSampling();
      set({ status: 'error', error: { message: m.message, field: m.field } });
      return;
  }
}

function engine(): EngineClient {
  client ??= new EngineClient(onMessage);
  return client;
}

function startSampling() {
  stopSampling();
  requestSample();
  sampleTimer = setInterval(requestSample, SAMPLE_EVERY_MS);
}

function stopSampling() {
  if (sampleTimer) clearInterval(sampleTimer);
  sampleTimer = null;
}

export function requestSample() {
  if (get().stale || samplePending) return;
  samplePending = true;
  engine().send({ type: 'sample', id: ++sampleId, opts: { ...DEFAULT_SAMPLE, length: 160, seed: sampleId } });
}

/** Validates the settings; on a problem shows it at its field and returns false. */
function validate(): boolean {
  const { model, train, text } = get();
  try {
    assertValid(model, train, text);
    return true;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    set({ error: { message: err.message, field: err.field } });
    return false;
  }
}

function rebuildThen(next: 'start' | 'step') {
  if (!validate()) return;
  const { model, train, text } = get();
  afterReady = next;
  samplePending = false; // a rebuild answers no earlier sample request (ids move on)
  set({ status: 'preparing', error: null, sample: '' });
  engine().send({ type: 'init', model, train, text });
}

export function trainOrPause() {
  const { status, stale } = get();
  if (status === 'training') return engine().send({ type: 'pause' });
  if (stale || status === 'error' || status === 'idle') return rebuildThen('start');
  engine().send({ type: 'start' });
}

export function stepOnce() {
  const { status, stale } = get();
  if (status === 'training' || status === 'preparing') return;
  if (stale || status === 'error' || status === 'idle') return rebuildThen('step');
  engine().send({ type: 'step' });
  requestSample();
}

export function reset() {
  if (get().status === 'training') engine().send({ type: 'pause' });
  set({ stale: true, status: 'idle', points: [], sample: '', error: null, info: null });
}

export function setText(text: string) {
  set({ text, stale: true, error: null });
}

export function applyPreset(name: PresetName) {
  const p = PRESETS[name];
  if (get().status === 'training') engine().send({ type: 'pause' });
  set((s) => ({ text: p.text, model: { ...s.model, ...p.model }, train: { ...s.train, ...p.train }, stale: true, status: 'idle', error: null, points: [], sample: '' }));
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
