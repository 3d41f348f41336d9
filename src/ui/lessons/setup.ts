// "Set it up": puts the playground in the state a chapter needs, through the store's own actions
// (each does what a click on its control does: drops stale runs, traces again, ...), then points at
// the chapter's panel.
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../model/config.ts';
import { applyPreset, markLessonDone, setChart, setInspect, setMemory, setMode, setModel, setSampleOptions, setTrain } from '../../store/actions.ts';
import type { Chapter } from './chapter.ts';
import { highlightPanel } from './highlight.ts';

/** Applies the chapter's setup (src/ui/lessons/chapter.ts: ChapterSetup says in which order). */
export function applySetup({ setup }: Pick<Chapter, 'setup'>): void {
  // from the defaults: what the person had set before never carries into a chapter
  setModel(DEFAULT_MODEL);
  setTrain(DEFAULT_TRAIN);
  applyPreset(setup.preset);
  if (setup.mode) setMode(setup.mode);
  if (setup.memory) setMemory(setup.memory);
  if (setup.model) setModel(setup.model);
  if (setup.train) setTrain(setup.train);
  if (setup.inspect) setInspect(setup.inspect);
  if (setup.sample) setSampleOptions(setup.sample);
  if (setup.chart) setChart(setup.chart);
}

/** The button's whole action: the setup, then the panel in view and outlined; a chapter without a
 *  live check counts as done once set up. */
export function setUpChapter(chapter: Chapter): void {
  applySetup(chapter);
  if (!chapter.check) markLessonDone(chapter.id);
  void highlightPanel(chapter.panel);
}
