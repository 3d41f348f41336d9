// What the lessons' end-to-end tests read on the page: the controls as the person reads them, whether
// a panel is in view (above a phone's lesson sheet), when scrolling has settled, and screenshots of
// the viewport (the Learn panel and the tour are fixed to it), optionally with a panel scrolled up,
// and axe's serious findings inside one element.
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './browser.ts';

/** The viewport to tests/artifacts/<name>.png; with `panel` (a test id), that panel scrolled to the
 *  top first (what it shows may have grown above it since it was highlighted). */
export async function viewShot(page: Page, name: string, panel?: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (panel) await page.locator(`[data-testid=${panel}]`).evaluate((el) => scrollTo({ top: el.getBoundingClientRect().top + scrollY - 12, behavior: 'instant' }));
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
}

/** Resolves once the page has stopped scrolling (ten frames without a change). */
export function settled(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = -1;
        let still = 0;
        const tick = () => {
          still = scrollY === last ? still + 1 : 0;
          last = scrollY;
          if (still >= 10) resolve();
          else requestAnimationFrame(tick);
        };
        tick();
      }),
  );
}

/** The top of `selector` is on screen, above the lessons' sheet on a phone: its title shows (the
 *  page's scroll anchoring may leave its edge a few pixels above the viewport's). */
export function inView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const top = document.querySelector(sel)?.getBoundingClientRect().top;
    const sheet = document.querySelector('[data-testid=lessons]')?.getBoundingClientRect();
    const bottom = sheet && sheet.left < 10 ? sheet.top : innerHeight;
    return top !== undefined && top >= -12 && top < bottom - 40;
  }, selector);
}

/** The model and training controls as the person reads them (sequence length: null where the
 *  task has none). */
export async function controls(page: Page) {
  const value = (id: string) => page.getByTestId(id).inputValue();
  return {
    cell: await value('cell'),
    hidden: await value('field-hiddenSize'),
    layers: await value('field-numLayers'),
    direction: await value('bidirectional'),
    batch: await value('field-batchSize'),
    lr: await value('field-learningRate'),
    seed: await value('field-seed'),
    seqLen: (await page.getByTestId('field-seqLen').count()) ? await value('field-seqLen') : null,
  };
}

/** The serious and critical WCAG 2.1 A/AA violations axe finds inside `selector`, as "rule: target". */
export async function seriousIn(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}
