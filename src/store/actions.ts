// The store's actions, for components and event handlers (zustand: actions outside components).
// Each is defined in its slice; actions never change, so they are read from the store once.
import { useStore } from './store.ts';

export const {
  // settings.ts
  setText, setMode, setMemory, setModel, setTrain, applyPreset, setChart, toggleSeries, setLang, openTextFile, downloadText, setSampleOptions, dismissRestoreNotice,
  // runs.ts
  trainOrPause, stepOnce, removeRun, reset, requestSample, setPredictText,
  // inspect.ts
  setInspect,
  // memory-check.ts
  newMemorySequences, setMemoryCheckRun,
  // stepper.ts
  openStepper, closeStepper, stepTo, stepBy, walkBack, togglePlay,
  // model-files.ts
  importModel, downloadRun, exportPytorch, downloadKept, keepRuns, removeKept, undoRemove, forgetRemoved, renameRun, downloadChart, downloadChartData,
  // lessons.ts
  openLessons, closeLessons, markLessonDone, startTour, endTour,
  // units.ts
  setUnits, requestPassage,
  // text-stats.ts, engine.ts: started by src/ui/main.tsx
  startTextStats, startEngine,
} = useStore.getState();
