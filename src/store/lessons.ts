// Lessons slice: whether the Learn panel is open and at which chapter, the chapters whose checks
// have been seen, and the first-visit tour. Saved to localStorage on every change
// (src/io/lesson-progress.ts says why there). The chapters themselves are data in src/ui/lessons/.
import { loadLessonProgress, saveLessonProgress } from '../io/lesson-progress.ts';
import { LEARN_KEY } from '../io/url-state.ts';
import type { LessonsSlice, Slice } from './state.ts';

/** The hash of a link that opens the Learn panel at chapter `n` (1-based). */
export const lessonHash = (n: number): string => `#${LEARN_KEY}=${n}`;

export const createLessonsSlice: Slice<LessonsSlice> = (set, get) => {
  const progress = loadLessonProgress();
  const update = (patch: Partial<LessonsSlice['lessons']>) => {
    set((s) => ({ lessons: { ...s.lessons, ...patch } }));
    saveLessonProgress(get().lessons);
  };
  return {
    lessons: progress,
    tourOpen: !progress.tourDone,

    openLessons: (chapter) => update({ open: true, ...(chapter === undefined ? {} : { chapter }) }),
    closeLessons: () => update({ open: false }),
    markLessonDone: (id) => {
      if (!get().lessons.done.includes(id)) update({ done: [...get().lessons.done, id] });
    },
    startTour: () => set({ tourOpen: true }),
    endTour: () => {
      set({ tourOpen: false });
      if (!get().lessons.tourDone) update({ tourDone: true });
    },
  };
};
