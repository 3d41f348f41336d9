// What a lesson chapter is, as data: which state of the playground it needs (applied through the
// store's own actions by src/ui/lessons/setup.ts), which panel it talks about, an optional figure,
// and an optional live check read from the store. Its texts live in the message dictionaries under
// `lesson.<id>.<part>` (see chapterKey): title, body, todo, and check when it has one.
import type { ModelConfig, TrainConfig } from '../../model/config.ts';
import type { MemoryConfig } from '../../model/memory-tasks.ts';
import type { TaskMode } from '../../model/tasks.ts';
import type { PresetName } from '../../store/presets.ts';
import type { ChartOptions, InspectSettings, PlaygroundState, SettingsSlice } from '../../store/state.ts';
import type { MessageKey } from '../i18n.ts';
import type { FigureId } from './figures/index.tsx';

/** The panels a chapter can point at (src/ui/lessons/panels.ts finds each on the page). */
export type LessonPanel = 'text' | 'controls' | 'runs' | 'chart' | 'sample' | 'classify' | 'memory' | 'sweep' | 'inside' | 'gradient';


/**
 * The playground's state a chapter needs. Applied in this order, each through the store's action:
 * the default model and training settings, then `preset` (applyPreset: text, task, its sizes,
 * sampling and inspection), `mode`, `memory`, `model`, `train`, `inspect`, `sample`, `chart`.
 * So a chapter is the same whatever the person had set before.
 */
export interface ChapterSetup {
  preset: PresetName;
  mode?: TaskMode;
  memory?: Partial<MemoryConfig>;
  model?: Partial<ModelConfig>;
  train?: Partial<TrainConfig>;
  inspect?: Partial<InspectSettings>;
  sample?: Partial<SettingsSlice['sampleOptions']>;
  chart?: Partial<ChartOptions>;
}

/** A check that lights up when the live data shows what the chapter asks the person to watch. */
export interface LiveCheck {
  /** True when the state shows it; evaluated on every change of the store while the chapter is
   *  open, and remembered (progress) once it has been true. */
  seen: (s: PlaygroundState) => boolean;
  /** Numbers for the check's text (`{name}` placeholders of `lesson.<id>.check`), or null while
   *  there is nothing to read yet. */
  values?: (s: PlaygroundState) => Record<string, string | number> | null;
}

export interface Chapter {
  /** A short stable name: the message keys and the chapter's link use it (`#…&learn=<number>`). */
  id: string;
  /** 1-based, its place in the course (src/ui/lessons/chapters.ts lists them in this order). */
  number: number;
  setup: ChapterSetup;
  /** The panel "Set it up" scrolls to and highlights. */
  panel: LessonPanel;
  /** The chapter's key equation in TeX (typeset with KaTeX), when the course has one. */
  equation?: string;
  /** A figure of src/ui/lessons/figures/ shown under the text. */
  figure?: FigureId;
  check?: LiveCheck;
}

/** The parts of a chapter's text: `check` only for a chapter with a live check. */
export type ChapterPart = 'title' | 'body' | 'todo' | 'check';

/** The message key of one part of a chapter's text: `lesson.<id>.<part>`. Every chapter's keys are
 *  checked against both dictionaries by tests/unit/lessons.test.ts. */
export const chapterKey = (c: Pick<Chapter, 'id'>, part: ChapterPart) => `lesson.${c.id}.${part}` as MessageKey;
