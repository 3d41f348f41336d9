// Keeps the person's work across reloads: text, settings, kept runs, chart and sample options, sweeps in
// IndexedDB (src/io/persist.ts, debounced on every change), the runs' checkpoints and resumable
// states (src/io/checkpoints.ts: a run training when the page closed goes on from its state), and
// settings and seed in the URL hash. On load the hash wins over what
// was stored, so a shared link reproduces its run. What is read back is held to the current schema
// (src/io/stored-schema.ts): a value that does not fit is reset to its default, the rest is kept,
// and the page's notice says what was reset (and which of the link's values were dropped).
import { clearRunCheckpoints, loadResumes, loadRunCheckpoints } from '../io/checkpoints.ts';
import { loadSaved, saveWork } from '../io/persist.ts';
import type { KeptRun, SavedWork } from '../io/stored-schema.ts';
import { pickColor } from './run-colors.ts';
import { CELL_KINDS } from '../model/cells/registry.ts';
import { decodeHash, encodeHash } from '../io/url-state.ts';
import { MAX_TEXT_UNITS, runView, type PlaygroundState } from './state.ts';
import { useStore } from './store.ts';

const SAVE_AFTER_MS = 400;

type Saved = Pick<PlaygroundState, keyof SavedWork>;

function snapshot(s: PlaygroundState): Saved {
  return { text: s.text, mode: s.mode, model: s.model, train: s.train, kept: s.kept, chart: s.chart, sampleOptions: s.sampleOptions, lang: s.lang, sweepDraft: s.sweepDraft, sweeps: s.sweeps, memory: s.memory };
}

/** Kept runs saved before runs had colours take one each, none shared. */
function withColors(kept: KeptRun[]): KeptRun[] {
  const used = kept.flatMap((k) => (k.color ? [k.color] : []));
  return kept.map((k) => {
    if (k.color) return k;
    const color = pickColor(k.cell, used);
    used.push(color);
    return { ...k, color };
  });
}

/** Restores stored work and the URL's settings (a link's lesson chapter, of `lessons`, opens the
 *  Learn panel there, without the tour); never throws (a broken store just starts fresh). */
export async function restore(lessons = 0): Promise<void> {
  const [{ work: saved, problems }, checkpoints, resumes] = await Promise.all([loadSaved(), loadRunCheckpoints(), loadResumes()]);
  const fromUrl = decodeHash(location.hash, lessons);
  // the last session's runs come back as they were last checkpointed (not training: Train starts anew)
  const runs = checkpoints.runs.map((c) => ({ ...runView(c.id, c.model, c.source, { color: c.color, config: c.config ?? null, diff: c.diff ?? null }), label: c.label, points: c.points }));
  const kept = saved.kept ? withColors(saved.kept) : undefined;
  // a run closed before its first good checkpoint comes back from its resumable state alone
  const used = [...(kept ?? []).flatMap((k) => (k.color ? [k.color] : [])), ...runs.map((r) => r.color)];
  for (const id of CELL_KINDS) {
    const r = resumes[id];
    if (!r || runs.some((x) => x.id === id)) continue;
    const color = pickColor(id, used);
    used.push(color);
    runs.push({ ...runView(id, r.config.model, null, { color, config: r.config }), points: r.points });
  }
  runs.sort((a, b) => CELL_KINDS.indexOf(a.id) - CELL_KINDS.indexOf(b.id));
  const stored = [...problems, ...checkpoints.problems];
  useStore.setState((s) => ({
    text: (fromUrl.text ?? saved.text ?? s.text).slice(0, MAX_TEXT_UNITS),
    mode: fromUrl.mode ?? saved.mode ?? s.mode,
    model: { ...s.model, ...saved.model, ...fromUrl.model },
    train: { ...s.train, ...saved.train, ...fromUrl.train },
    kept: kept ?? s.kept,
    chart: { ...s.chart, ...saved.chart },
    sampleOptions: { ...s.sampleOptions, ...saved.sampleOptions },
    lang: saved.lang ?? s.lang,
    sweepDraft: { ...s.sweepDraft, ...saved.sweepDraft },
    sweeps: saved.sweeps ?? s.sweeps,
    memory: fromUrl.memory ?? saved.memory ?? s.memory,
    runs,
    restoreNotice: stored.length || fromUrl.dropped.length ? { stored, link: fromUrl.dropped } : null,
  }));
  if (fromUrl.learn !== undefined) {
    useStore.getState().openLessons(fromUrl.learn);
    useStore.setState({ tourOpen: false });
  }
  // what was reset is saved as reset at once: the next load reads it clean
  useStore.getState().restoreResumes(resumes);
  if (problems.length) await saveWork(snapshot(useStore.getState()));
}

/** Saves on every change (typing debounced; at once when the page is hidden) and mirrors settings
 *  into the hash. Returns a function that stops it (before the saved work is reset). */
export function startPersisting(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = snapshot(useStore.getState());
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    history.replaceState(null, '', encodeHash(last.model, last.train, last.text, last.mode, last.memory));
    void saveWork(last); // storage full or blocked: the page keeps working
  };
  const unsubscribe = useStore.subscribe((s) => {
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
  const onHide = () => timer && save();
  addEventListener('pagehide', onHide);
  return () => {
    unsubscribe();
    removeEventListener('pagehide', onHide);
    if (timer) clearTimeout(timer);
    timer = null;
  };
}

/**
 * The way out of a page that broke (src/ui/ErrorBoundary.tsx): forgets the saved settings, kept
 * runs, checkpoints and the link's settings, keeps the text, and reloads. `stop` ends the saving
 * started by startPersisting, so a pending save cannot write the old settings back.
 */
export async function resetSavedSettings(stop?: () => void): Promise<void> {
  stop?.();
  let text: string | undefined;
  try {
    const t: unknown = useStore.getState().text;
    if (typeof t === 'string') text = t;
  } catch {
    // the store itself is what broke: the text saved last time stays as it was
  }
  if (text === undefined) text = (await loadSaved()).work.text;
  await saveWork(text === undefined ? {} : { text });
  await clearRunCheckpoints();
  history.replaceState(null, '', location.pathname + location.search); // the link's settings go too
  location.reload();
}
