// The lessons' progress: which chapters' checks have been seen, whether the first-visit tour was
// shown, and whether the Learn panel was open at which chapter. Kept in localStorage, not in the
// saved work (src/io/persist.ts, IndexedDB): it is a few bytes that the page needs synchronously
// before its first paint (the tour shows or not), it is about the person rather than their text
// and runs, and "reset the saved settings" (the way out of a broken page) must not make them take
// the tour again. Read back value by value: a value that does not fit is replaced by its default.

/** The localStorage key of the progress. */
export const LESSONS_KEY = 'rnn-playground/lessons';

export interface LessonProgress {
  /** Ids of the chapters whose live check has been seen (or, without a check, that were set up). */
  done: string[];
  /** The first-visit tour was finished or skipped. */
  tourDone: boolean;
  /** The Learn panel is open, at `chapter` (1-based; 0: the chapter list). */
  open: boolean;
  chapter: number;
}

export const NO_PROGRESS: LessonProgress = { done: [], tourDone: false, open: false, chapter: 0 };

/** What `raw` (the parsed JSON, or anything) holds that fits, over the defaults. */
export function readLessonProgress(raw: unknown): LessonProgress {
  const r = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    done: Array.isArray(r.done) ? [...new Set(r.done.filter((d): d is string => typeof d === 'string'))] : NO_PROGRESS.done,
    tourDone: typeof r.tourDone === 'boolean' ? r.tourDone : NO_PROGRESS.tourDone,
    open: typeof r.open === 'boolean' ? r.open : NO_PROGRESS.open,
    chapter: Number.isInteger(r.chapter) && (r.chapter as number) >= 0 ? (r.chapter as number) : NO_PROGRESS.chapter,
  };
}

/** The stored progress; the defaults when there is none, it is not JSON, or storage is blocked. */
export function loadLessonProgress(): LessonProgress {
  try {
    const text = globalThis.localStorage?.getItem(LESSONS_KEY);
    return readLessonProgress(text ? JSON.parse(text) : null);
  } catch {
    return NO_PROGRESS;
  }
}

export function saveLessonProgress(p: LessonProgress): void {
  try {
    globalThis.localStorage?.setItem(LESSONS_KEY, JSON.stringify(p));
  } catch {
    // storage full or blocked: the lessons work, only their progress is not remembered
  }
}
