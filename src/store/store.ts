// The page's state (zustand), built from slices, one file each: settings, runs, inspection, the
// memory check, stepper, model files, text stats, the sweep and the engine (the training worker,
// whose every message goes through src/store/dispatch.ts). The shape is src/store/state.ts; the UI calls the actions
// through src/store/actions.ts.
import { create } from 'zustand';
import { createEngineSlice } from './engine.ts';
import { createInspectSlice } from './inspect.ts';
import { createLessonsSlice } from './lessons.ts';
import { createMemoryCheckSlice } from './memory-check.ts';
import { createModelFilesSlice } from './model-files.ts';
import { createRunsSlice } from './runs.ts';
import { createSettingsSlice } from './settings.ts';
import type { PlaygroundState } from './state.ts';
import { createStepperSlice } from './stepper.ts';
import { createSweepSlice } from './sweep.ts';
import { createTextStatsSlice } from './text-stats.ts';
import { createUnitsSlice } from './units.ts';

export const useStore = create<PlaygroundState>()((...a) => ({
  ...createSettingsSlice(...a),
  ...createRunsSlice(...a),
  ...createInspectSlice(...a),
  ...createMemoryCheckSlice(...a),
  ...createStepperSlice(...a),
  ...createModelFilesSlice(...a),
  ...createTextStatsSlice(...a),
  ...createSweepSlice(...a),
  ...createLessonsSlice(...a),
  ...createUnitsSlice(...a),
  ...createEngineSlice(...a),
}));
