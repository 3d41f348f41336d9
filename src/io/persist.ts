// Keeps the person's work across reloads: text, settings, kept runs, chart and sample options in
// IndexedDB (debounced on every change), and settings and seed in the URL hash. On load the hash
// wins over what was stored, so a shared link reproduces its run.
import { get as idbGet, set as idbSet } from 'idb-keyval';
import { useStore, type PlaygroundState } from '../store/store.ts';
import { decodeHash, encodeHash } from './url-state.ts';

const KEY = 'rnn-playground/v1';
const SAVE_AFTER_MS = 400;

type Saved = Pick<PlaygroundState, 'text' | 'model' | 'train' | 'kept' | 'chart' | 'sampleOptions' | 'lang'>;

function snapshot(s: PlaygroundState): Saved {
  return { text: s.text, model: s.model, train: s.train, kept: s.kept, chart: s.chart, sampleOptions: s.sampleOptions, lang: s.lang };
}

/** Restores stored work and the URL's settings; never throws (a broken store just starts fresh). */
export async function restore(): Promise<void> {
  let saved: Partial<Saved> | undefined;
  try {
    saved = await idbGet<Partial<Saved>>(KEY);
  } catch {
    saved = undefined; // private mode or a blocked IndexedDB: nothing to restore
  }
  const fromUrl = decodeHash(location.hash);
  useStore.setState((s) => ({
    text: fromUrl.text ?? saved?.text ?? s.text,
    model: { ...s.model, ...saved?.model, ...fromUrl.model },
    train: { ...s.train, ...saved?.train, ...fromUrl.train },
    kept: saved?.kept ?? s.kept,
    chart: { ...s.chart, ...saved?.chart },
    sampleOptions: { ...s.sampleOptions, ...saved?.sampleOptions },
    lang: saved?.lang ?? s.lang,
  }));
}

/** Saves on every change (debounced) and mirrors settings into the hash. */
export function startPersisting(): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = snapshot(useStore.getState());
  useStore.subscribe((s) => {
    const now = snapshot(s);
    if (Object.keys(now).every((k) => now[k as keyof Saved] === last[k as keyof Saved])) return;
    last = now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      history.replaceState(null, '', encodeHash(now.model, now.train, now.text));
      idbSet(KEY, now).catch(() => undefined); // storage full or blocked: the page keeps working
    }, SAVE_AFTER_MS);
  });
}
