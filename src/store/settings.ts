// Settings slice: what the person edits — the text and its task, the model and training settings,
// presets, chart and sample options, the language; a text file opened or dropped (UTF-8 only) and
// the text downloaded. Settings that change shapes mark the runs stale (the next Train or Step
// rebuilds them); the learning rate and clipping apply live.
import { saveFile } from '../io/download.ts';
import { readTextFile } from '../io/text-file.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../model/config.ts';
import { memoryConfigErrors, memoryDefaults } from '../model/memory-tasks.ts';
import { preferredLang } from './lang.ts';
import { DEFAULT_PRESET, PRESETS, type PresetName } from './presets.ts';
import { dropRuns, NO_RUNS, settingsError } from './runs.ts';
import { FRESH_INSPECT } from './inspect.ts';
import { chartFor, MAX_TEXT_UNITS, type SettingsSlice, type Slice } from './state.ts';

const LIVE_KEYS = ['learningRate', 'clipMode', 'clipValue'] as const;

/** The sample options of a text that brings none of its own. */
export const DEFAULT_SAMPLE_OPTIONS: SettingsSlice['sampleOptions'] = { prime: '', length: 200, temperature: 0.8, topK: 0 };

/** The sample options a preset asks for (the defaults where it says nothing). */
export const presetSampleOptions = (name: PresetName): SettingsSlice['sampleOptions'] => ({ ...DEFAULT_SAMPLE_OPTIONS, ...PRESETS[name].sample });

const sameOptions = (a: SettingsSlice['sampleOptions'], b: SettingsSlice['sampleOptions']) => a.prime === b.prime && a.length === b.length && a.temperature === b.temperature && a.topK === b.topK;

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => {
  /** The preset whose own sample options are in use (e.g. "hello": prime "h", length 4), so that a
   *  text typed over it does not keep them; null once the person changed them or the text. */
  let presetSample: PresetName | null = null;
  return {
    text: PRESETS[DEFAULT_PRESET].text,
    mode: PRESETS[DEFAULT_PRESET].mode ?? 'lm',
    memory: memoryDefaults('recall'),
    model: { ...DEFAULT_MODEL, ...PRESETS[DEFAULT_PRESET].model },
    train: { ...DEFAULT_TRAIN, ...PRESETS[DEFAULT_PRESET].train },
    chart: { x: 'step', y: 'loss', smoothed: true, smoothing: 0.9, logY: false, sort: 'added', hidden: [] },
    sampleOptions: DEFAULT_SAMPLE_OPTIONS,
    lang: preferredLang(typeof navigator === 'undefined' ? [] : navigator.languages),
    textNotice: null,
    textFileError: null,
    restoreNotice: null,

    openTextFile: async (file) => {
      set({ textFileError: null });
      const got = await readTextFile(file);
      if ('problem' in got) return set({ textFileError: got.problem });
      get().setText(got.text); // a paste's path: its cap and notice
    },

    downloadText: () => saveFile('training-text.txt', get().text, 'text/plain;charset=utf-8'),

    setText: (text) => {
      if (presetSample && text !== PRESETS[presetSample].text) {
        // the preset's sampling (a prime from its text, its length) was for its text, not this one
        if (sameOptions(get().sampleOptions, presetSampleOptions(presetSample))) set({ sampleOptions: DEFAULT_SAMPLE_OPTIONS });
        presetSample = null;
      }
      if (text.length <= MAX_TEXT_UNITS) return set({ text, stale: true, error: null, textNotice: null, textFileError: null });
      // keep the start, never cutting a surrogate pair in half
      let cut = MAX_TEXT_UNITS;
      const last = text.charCodeAt(cut - 1);
      if (last >= 0xd800 && last <= 0xdbff) cut--;
      set({ text: text.slice(0, cut), stale: true, error: null, textNotice: { kept: cut, total: text.length }, textFileError: null });
    },

    /** The task: next character, lines, or labelled sentences. Shapes change: the runs start anew. */
    setMode: (mode) => {
      if (mode === get().mode) return;
      dropRuns(get());
      // a memory task's chart is its accuracy, and its gradient view the last answer's loss
      // the passage's start is a code point in next-character mode, a sequence number in the others
      set((s) => ({ ...NO_RUNS, mode, units: { ...s.units, offset: 0 }, chart: chartFor(mode, mode === 'memory' ? { ...s.chart, y: 'accuracy' } : s.chart) }));
      if (mode === 'memory') get().setInspect({ lossAt: 'last', sequence: 0 });
    },

    setMemory: (patch) => {
      dropRuns(get());
      set((s) => ({ ...NO_RUNS, memory: patch.task && patch.task !== s.memory.task ? { ...memoryDefaults(patch.task), ...patch } : { ...s.memory, ...patch } }));
      // knobs valid alone can make sequences too long together: said at once, at the knob to change
      const first = memoryConfigErrors(get().memory)[0];
      if (first) set({ error: { message: first.message, field: first.field, problem: first.problem } });
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
      dropRuns(get());
      presetSample = p.sample ? name : null;
      // the window, loss and what-ifs of one preset (the long-range task's) never carry over either
      get().setInspect({ ...FRESH_INSPECT, ...p.inspect });
      set((s) => ({
        ...NO_RUNS,
        text: p.text,
        mode: p.mode ?? 'lm',
        chart: chartFor(p.mode ?? 'lm', s.chart),
        model: { ...s.model, ...p.model },
        train: { ...s.train, ...p.train },
        // every preset starts from the default sampling: one preset's prime never carries over
        sampleOptions: presetSampleOptions(name),
        textNotice: null,
      }));
    },

    setChart: (patch) => set((s) => ({ chart: { ...s.chart, ...patch } })),

    toggleSeries: (id) => set((s) => ({ chart: { ...s.chart, hidden: s.chart.hidden.includes(id) ? s.chart.hidden.filter((h) => h !== id) : [...s.chart.hidden, id] } })),

    setLang: (lang) => set({ lang }),

    setSampleOptions: (patch) => {
      presetSample = null; // the person's own choice is kept whatever the text
      set((s) => ({ sampleOptions: { ...s.sampleOptions, ...patch } }));
    },

    dismissRestoreNotice: () => set({ restoreNotice: null }),
  };
};
