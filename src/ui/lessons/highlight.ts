// Where each panel a lesson names is on the page, and the highlight: the panel scrolled into view
// and outlined, the outline fading over a few seconds (shown still, then removed, under reduced
// motion). The panel carries data-lesson-highlight while outlined.
import { reducedMotion } from '../hooks/reduced-motion.ts';
import type { LessonPanel } from './chapter.ts';

/** Each panel's element (src/ui/panels/: their Panel's class or test id). */
export const PANEL_SELECTORS: Record<LessonPanel, string> = {
  text: '.text-panel',
  controls: '.controls-panel',
  runs: '[data-testid=readouts]',
  chart: '[data-testid=loss-chart]',
  sample: '[data-testid=sample-panel]',
  classify: '[data-testid=classify-panel]',
  memory: '[data-testid=memory-panel]',
  sweep: '[data-testid=sweep-panel]',
  inside: '[data-testid=unrolled-panel]',
  gradient: '[data-testid=grad-panel]',
};

/** How long the outline stays (the CSS fades it over the same time). */
export const HIGHLIGHT_MS = 4000;
/** A lazily loaded panel (the unrolled network, the charts) may still be arriving: looked for again. */
const WAIT_MS = 5000;

const timers = new WeakMap<Element, ReturnType<typeof setTimeout>>();

/** Scrolls the panel into view and outlines it; false when it is not on the page in time. */
export const highlightPanel = (panel: LessonPanel): Promise<boolean> => highlight(PANEL_SELECTORS[panel]);

/** Scrolls the element of `selector` into view and outlines it (the tour points with it too). */
export async function highlight(selector: string): Promise<boolean> {
  const until = performance.now() + WAIT_MS;
  let el = document.querySelector<HTMLElement>(selector);
  while (!el && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    el = document.querySelector<HTMLElement>(selector);
  }
  if (!el) return false;
  el.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
  el.removeAttribute('data-lesson-highlight');
  void el.offsetWidth; // restart the fade when it is highlighted again
  el.setAttribute('data-lesson-highlight', reducedMotion() ? 'still' : 'fade');
  clearTimeout(timers.get(el));
  timers.set(el, setTimeout(() => el.removeAttribute('data-lesson-highlight'), HIGHLIGHT_MS));
  return true;
}
