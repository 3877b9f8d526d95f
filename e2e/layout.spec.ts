/**
 * The one-screen layout (issue 18 §5): at 1280 × 800 the run controls, ρ, the network, the task
 * outputs and the loss chart are all in the first viewport; on a tablet (820 × 1180) and a phone
 * (390 × 844) the Play button, the ρ slider and the loss chart are, nothing overflows sideways and
 * the page is far shorter than when every panel was stacked (5,747 and 8,081 px before); the nav
 * reaches every detailed panel in one click; axe finds nothing serious or critical at any size.
 * LAYOUT_SHOTS=<folder> also writes a screenshot at each size.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './lab';

async function expectInFirstViewport(page: Page, selector: string): Promise<void> {
  const { width, height } = page.viewportSize()!;
  const box = await page.locator(selector).first().boundingBox();
  expect(box, selector).not.toBeNull();
  expect(box!.x, selector).toBeGreaterThanOrEqual(0);
  expect(box!.y, selector).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, selector).toBeLessThanOrEqual(width);
  expect(box!.y + box!.height, selector).toBeLessThanOrEqual(height);
}

async function expectNoSevereAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const severe = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(severe).toEqual([]);
}

const PLAY = 'button[aria-keyshortcuts="K"]';
const RHO = 'role=slider[name="Task similarity ρ"]';
const LOSS = '[data-testid="loss-chart-svg"]';

async function trainALittle(page: Page): Promise<void> {
  await page.evaluate(() => window.mtlLab!.step(20));
  await page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
  await page.waitForTimeout(300);
}

test('at 1280×800 controls, ρ, network, task outputs and loss chart share the first viewport', async ({
  lab,
}) => {
  await lab.open();
  const { page } = lab;
  await trainALittle(page);
  if (process.env.LAYOUT_SHOTS) {
    await page.screenshot({ path: `${process.env.LAYOUT_SHOTS}/layout-1280x800.png` });
  }
  for (const selector of [
    PLAY,
    RHO,
    '[data-testid="backend-badge"]',
    '[data-testid="network-view"] .network-diagram',
    '[data-testid="task-outputs"]',
    '[data-group="output/t0"]',
    LOSS,
  ]) {
    await expectInFirstViewport(page, selector);
  }
  // One click away: the nav jumps to the microscope, whose heading then sits at the top.
  await page
    .getByRole('navigation', { name: 'Detailed panels' })
    .getByRole('button', { name: 'Microscope' })
    .click();
  const microscope = await page.getByTestId('microscope').boundingBox();
  expect(microscope!.y).toBeLessThan(200);
  await expectNoSevereAxeViolations(page);
});

for (const [width, height, before] of [
  [820, 1180, 5747],
  [390, 844, 8081],
] as const) {
  test(`at ${width}×${height} Play, ρ and the loss chart share the first screen, no sideways overflow`, async ({
    lab,
  }) => {
    const { page } = lab;
    await page.setViewportSize({ width, height });
    await lab.open();
    await trainALittle(page);
    if (process.env.LAYOUT_SHOTS) {
      await page.screenshot({ path: `${process.env.LAYOUT_SHOTS}/layout-${width}x${height}.png` });
    }
    for (const selector of [PLAY, RHO, LOSS]) await expectInFirstViewport(page, selector);
    const page_ = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement!.scrollWidth,
      scrollHeight: document.scrollingElement!.scrollHeight,
      innerWidth: window.innerWidth,
    }));
    console.log(`${width}×${height}: page ${page_.scrollHeight} px tall (was ${before})`);
    expect(page_.scrollWidth).toBeLessThanOrEqual(page_.innerWidth);
    expect(page_.scrollHeight).toBeLessThan(before / 2);

    // One detailed section at a time: the nav picks it, and the others leave the page flow.
    const nav = page.getByRole('navigation', { name: 'Detailed panels' });
    await expect(page.locator('[aria-labelledby="model-panel-title"]')).toBeVisible();
    await expect(page.getByTestId('microscope')).toBeHidden();
    await nav.getByRole('button', { name: 'Microscope' }).click();
    await expect(page.getByTestId('microscope')).toBeVisible();
    await expect(page.locator('[aria-labelledby="model-panel-title"]')).toBeHidden();
    await expect(nav.getByRole('button', { name: 'Microscope' })).toHaveAttribute(
      'aria-current',
      'true',
    );
    // A keyboard shortcut shows its panel's section too (M: the Model panel).
    await page.keyboard.press('m');
    await expect(page.locator('[aria-labelledby="model-panel-title"]')).toBeVisible();
    const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(wide).toBeLessThanOrEqual(width);
    await expectNoSevereAxeViolations(page);
  });
}
