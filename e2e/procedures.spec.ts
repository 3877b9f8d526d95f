/**
 * The training procedures from the UI on WebGPU (SwiftShader): flat-region SAM around PCGrad and
 * MMoEEx's two-step FOMAML on MMoE are chosen with the "Training procedure" select, train 100
 * steps without errors, and their microscope views (flatness gradients, expert diversity) render
 * and change while training.
 */
import type { Page } from '@playwright/test';
import { expect, SMALL_CONFIG, test } from './lab';

async function values(page: Page, testId: string, selector: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator(selector)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? ''));
}

test('flat-region SAM around PCGrad: selectable, trains 100 steps, its flatness view changes', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), {
    ...SMALL_CONFIG,
    train: { ...SMALL_CONFIG.train, method: 'pcgrad' },
  });
  const select = page.getByLabel('Training procedure', { exact: true });
  await select.selectOption('sam');
  await expect(select).toHaveValue('sam');
  await expect(page.getByText('Flat-region SAM settings')).toBeVisible();
  await expect(page.getByTestId('procedure-deviations')).toBeVisible();
  // A generated option control: plain SAM with the usual small radius.
  await page.locator('[data-option="sam_adaptive"]').uncheck();
  const rho = page.locator('[data-option="sam_rho"]');
  await rho.fill('0.05');
  await rho.press('Enter');
  await expect
    .poll(() => page.evaluate(async () => (await window.mtlLab!.getConfig()).train.methodOptions))
    .toMatchObject({ sam_adaptive: false, sam_rho: 0.05 });
  await page.evaluate(() => window.mtlLab!.reset());
  let state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  const view = page.getByTestId('sam-view');
  await expect(view).toBeVisible();
  const early = await values(page, 'sam-bars', 'rect[data-value]');
  state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  expect(state.step).toBe(100);
  state.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(true));
  await expect.poll(() => values(page, 'sam-bars', 'rect[data-value]')).not.toEqual(early);
  expect((await page.evaluate(() => window.mtlLab!.getConfig())).train.procedure).toBe('sam');
  expect(lab.errors).toEqual([]);
});

test('MMoEEx two-step FOMAML on MMoE: trains 100 steps, the expert-diversity map changes', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), {
    ...SMALL_CONFIG,
    model: { ...SMALL_CONFIG.model, architecture: 'mmoe' as const, experts: 3 },
    train: { ...SMALL_CONFIG.train, method: 'ew' },
  });
  const select = page.getByLabel('Training procedure', { exact: true });
  await select.selectOption('fomaml');
  await page.locator('[data-option="maml_lbtw"]').check();
  await expect
    .poll(() => page.evaluate(async () => (await window.mtlLab!.getConfig()).train))
    .toMatchObject({ procedure: 'fomaml', methodOptions: { maml_lbtw: true } });
  await page.evaluate(() => window.mtlLab!.reset());
  let state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  await expect(page.getByTestId('diversity-view')).toBeVisible();
  await expect(page.getByTestId('maml-view')).toBeVisible();
  const early = await values(page, 'diversity-heatmap', '[data-value]');
  expect(early.length).toBe(9);
  // Beside it, the matrix at initialisation (where an MMoE with this seed starts too).
  expect((await values(page, 'diversity-heatmap-start', '[data-value]')).length).toBe(9);
  state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  expect(state.step).toBe(100);
  state.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(true));
  await expect.poll(() => values(page, 'diversity-heatmap', '[data-value]')).not.toEqual(early);
  expect(lab.errors).toEqual([]);
});
