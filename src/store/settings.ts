// Settings slice: what the person edits — the text and its task, the model and training settings,
// presets, chart and sample options, the language. Settings that change shapes mark the runs
// stale (the next Train or Step rebuilds them); the learning rate and clipping apply live.
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../model/config.ts';
import { preferredLang } from './lang.ts';
import { DEFAULT_PRESET, PRESETS } from './presets.ts';
import { NO_RUNS, pauseIfTraining, settingsError } from './runs.ts';
import { chartFor, MAX_TEXT_UNITS, type SettingsSlice, type Slice } from './state.ts';

const LIVE_KEYS = ['learningRate', 'clipMode', 'clipValue'] as const;

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => ({
  text: PRESETS[DEFAULT_PRESET].text,
  mode: PRESETS[DEFAULT_PRESET].mode ?? 'lm',
  model: { ...DEFAULT_MODEL, ...PRESETS[DEFAULT_PRESET].model },
  train: { ...DEFAULT_TRAIN, ...PRESETS[DEFAULT_PRESET].train },
  chart: { x: 'step', y: 'loss', smoothed: true, hidden: [] },
  sampleOptions: { prime: '', length: 200, temperature: 0.8, topK: 0 },
  lang: preferredLang(typeof navigator === 'undefined' ? [] : navigator.languages),
  textNotice: null,
  restoreNotice: null,

  setText: (text) => {
    if (text.length <= MAX_TEXT_UNITS) return set({ text, stale: true, error: null, textNotice: null });
    // keep the start, never cutting a surrogate pair in half
    let cut = MAX_TEXT_UNITS;
    const last = text.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut--;
    set({ text: text.slice(0, cut), stale: true, error: null, textNotice: { kept: cut, total: text.length } });
  },

  /** The task: next character, lines, or labelled sentences. Shapes change: the runs start anew. */
  setMode: (mode) => {
    if (mode === get().mode) return;
    pauseIfTraining(get());
    set((s) => ({ ...NO_RUNS, mode, chart: chartFor(mode, s.chart) }));
  },

  setModel: (patch) => set((s) => ({ model: { ...s.model, ...patch }, stale: true, error: null })),

  setTrain: (patch) => {
    const live = Object.keys(patch).every((k) => (LIVE_KEYS as readonly string[]).includes(k));
    set((s) => ({ train: { ...s.train, ...patch }, stale: s.stale || !live, error: null }));
    if (!live || get().stale) return;
    const error = settingsError(get());
    if (error) return set({ error });
    const { learningRate, clipMode, clipValue } = get().train;
    get().send({ type: 'update', patch: { learningRate, clipMode, clipValue } });
  },

  applyPreset: (name) => {
    const p = PRESETS[name];
    pauseIfTraining(get());
    set((s) => ({
      ...NO_RUNS,
      text: p.text,
      mode: p.mode ?? 'lm',
      chart: chartFor(p.mode ?? 'lm', s.chart),
      model: { ...s.model, ...p.model },
      train: { ...s.train, ...p.train },
      sampleOptions: { ...s.sampleOptions, ...p.sample },
      textNotice: null,
    }));
  },

  setChart: (patch) => set((s) => ({ chart: { ...s.chart, ...patch } })),

  toggleSeries: (id) => set((s) => ({ chart: { ...s.chart, hidden: s.chart.hidden.includes(id) ? s.chart.hidden.filter((h) => h !== id) : [...s.chart.hidden, id] } })),

  setLang: (lang) => set({ lang }),

  setSampleOptions: (patch) => set((s) => ({ sampleOptions: { ...s.sampleOptions, ...patch } })),

  dismissRestoreNotice: () => set({ restoreNotice: null }),
});
