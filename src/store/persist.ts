// Keeps the person's work across reloads: text, settings, kept runs, chart and sample options in
// IndexedDB (src/io/persist.ts, debounced on every change), the runs' checkpoints
// (src/io/checkpoints.ts), and settings and seed in the URL hash. On load the hash wins over what
// was stored, so a shared link reproduces its run.
import { loadRunCheckpoints } from '../io/checkpoints.ts';
import { loadSaved, saveWork } from '../io/persist.ts';
import { decodeHash, encodeHash } from '../io/url-state.ts';
import { runView, type PlaygroundState } from './state.ts';
import { useStore } from './store.ts';

const SAVE_AFTER_MS = 400;

type Saved = Pick<PlaygroundState, 'text' | 'mode' | 'model' | 'train' | 'kept' | 'chart' | 'sampleOptions' | 'lang'>;

function snapshot(s: PlaygroundState): Saved {
  return { text: s.text, mode: s.mode, model: s.model, train: s.train, kept: s.kept, chart: s.chart, sampleOptions: s.sampleOptions, lang: s.lang };
}

/** Restores stored work and the URL's settings; never throws (a broken store just starts fresh). */
export async function restore(): Promise<void> {
  const saved = await loadSaved<Saved>();
  const fromUrl = decodeHash(location.hash);
  // the last session's runs come back as they were last checkpointed (not training: Train starts anew)
  const runs = (await loadRunCheckpoints()).map((c) => ({ ...runView(c.id, c.model, c.source), label: c.label, points: c.points }));
  useStore.setState((s) => ({
    text: fromUrl.text ?? saved?.text ?? s.text,
    mode: fromUrl.mode ?? saved?.mode ?? s.mode,
    model: { ...s.model, ...saved?.model, ...fromUrl.model },
    train: { ...s.train, ...saved?.train, ...fromUrl.train },
    kept: saved?.kept ?? s.kept,
    chart: { ...s.chart, ...saved?.chart },
    sampleOptions: { ...s.sampleOptions, ...saved?.sampleOptions },
    lang: saved?.lang ?? s.lang,
    runs,
  }));
}

/** Saves on every change (typing debounced; at once when the page is hidden) and mirrors settings into the hash. */
export function startPersisting(): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = snapshot(useStore.getState());
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    history.replaceState(null, '', encodeHash(last.model, last.train, last.text, last.mode));
    saveWork(last); // storage full or blocked: the page keeps working
  };
  useStore.subscribe((s) => {
    const now = snapshot(s);
    if (Object.keys(now).every((k) => now[k as keyof Saved] === last[k as keyof Saved])) return;
    const keptOnly = now.kept !== last.kept && now.text === last.text;
    last = now;
    if (timer) clearTimeout(timer);
    // typing is debounced; a kept run (a click, with its model just stored) is saved at once
    if (keptOnly) save();
    else timer = setTimeout(save, SAVE_AFTER_MS);
  });
  // a reload or a closed tab right after a change must not lose it
  addEventListener('pagehide', () => timer && save());
}
