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
/** Highlights asked for so far: only the latest still scrolls (the tour's steps come quickly). */
let calls = 0;

/** Scrolls the panel into view and outlines it; false when it is not on the page in time. */
export const highlightPanel = (panel: LessonPanel): Promise<boolean> => highlight(PANEL_SELECTORS[panel]);

/** Space left above a panel scrolled to. */
const MARGIN = 12;

const frame = () => new Promise((r) => requestAnimationFrame(r));

/** Resolves when the page's scrolling ends (or after a while, when there was none to do). */
const scrollEnd = () =>
  new Promise<void>((resolve) => {
    const done = () => {
      removeEventListener('scrollend', done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 1500);
    addEventListener('scrollend', done);
  });

/** Scrolls the page (vertically only: a phone's page never slides sideways) so the element starts
 *  near the top; again while the page's layout moves it (the setup's panels redraw), until the
 *  person scrolls, clicks or types themselves, or a later highlight takes over. */
async function scrollTo(el: HTMLElement, call: number): Promise<void> {
  const behavior = reducedMotion() ? 'instant' : 'smooth';
  const target = () => Math.min(Math.max(0, el.getBoundingClientRect().top + scrollY - MARGIN), document.documentElement.scrollHeight - innerHeight);
  let theirs = false;
  const mine = () => (theirs = true);
  const events = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;
  for (const e of events) addEventListener(e, mine, { passive: true });
  for (let pass = 0; pass < 3 && call === calls && !theirs; pass++) {
    const top = target();
    if (Math.abs(scrollY - top) < 4) break;
    window.scrollTo({ top, behavior });
    await scrollEnd();
  }
  for (const e of events) removeEventListener(e, mine);
}

/** Scrolls the element of `selector` into view and outlines it (the tour points with it too). */
export async function highlight(selector: string): Promise<boolean> {
  const call = ++calls;
  const until = performance.now() + WAIT_MS;
  // the setup's changes are drawn first: the panel is measured where it ends up
  await frame();
  await frame();
  let el = document.querySelector<HTMLElement>(selector);
  while (!el && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    el = document.querySelector<HTMLElement>(selector);
  }
  if (!el) return false;
  // one outline at a time: the one before (a tour's step, another chapter) goes
  for (const other of document.querySelectorAll('[data-lesson-highlight]')) other.removeAttribute('data-lesson-highlight');
  void el.offsetWidth; // restart the fade when it is highlighted again
  el.setAttribute('data-lesson-highlight', reducedMotion() ? 'still' : 'fade');
  clearTimeout(timers.get(el));
  timers.set(el, setTimeout(() => el.removeAttribute('data-lesson-highlight'), HIGHLIGHT_MS));
  await scrollTo(el, call);
  return true;
}
