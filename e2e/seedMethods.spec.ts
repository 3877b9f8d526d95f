/**
 * The seed papers' methods from the UI on WebGPU (SwiftShader): the "Loss transform" select stacks
 * IGBv1 under PCGrad, 100 steps train without errors, and the IGB microscope view renders and
 * changes while training; IGBv2 likewise, marked experimental, with its agent's line; UW's paper
 * form is chosen from its generated option control.
 */
import type { Page } from '@playwright/test';
import { expect, SMALL_CONFIG, test } from './lab';

async function barValues(page: Page, testId = 'igb-bars'): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator('rect[data-value]')
    .evaluateAll((rects) => rects.map((r) => r.getAttribute('data-value') ?? ''));
}

test('IGBv1 as a loss transform under PCGrad: selectable, trains, its gap view changes', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), {
    ...SMALL_CONFIG,
    train: { ...SMALL_CONFIG.train, method: 'pcgrad' },
  });
  const select = page.getByLabel('Loss transform', { exact: true });
  await select.selectOption('igbv1');
  await expect(select).toHaveValue('igbv1');
  await expect(page.getByText('IGBv1 settings')).toBeVisible();
  await page.evaluate(() => window.mtlLab!.reset());
  let state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  const config = await page.evaluate(() => window.mtlLab!.getConfig());
  expect(config.train.lossTransform).toBe('igbv1');
  const view = page.getByTestId('igb-view');
  await expect(view).toBeVisible();
  await expect(view.getByRole('heading', { name: 'Improvable gaps (IGB)' })).toBeVisible();
  const early = await barValues(page);
  state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  expect(state.step).toBe(100);
  state.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(true));
  await expect.poll(() => barValues(page)).not.toEqual(early);
  // Gap bars exist once the base is set (after epoch 1).
  expect((await barValues(page)).filter((v) => v !== '').length).toBeGreaterThanOrEqual(4);
  expect(lab.errors).toEqual([]);
});

test('IGBv2 (experimental) under PCGrad: selectable, trains 100 steps, the agent takes over', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), {
    ...SMALL_CONFIG,
    train: { ...SMALL_CONFIG.train, method: 'pcgrad' },
  });
  const select = page.getByLabel('Loss transform', { exact: true });
  await expect(select.locator('option[value="igbv2"]')).toHaveText('IGBv2 (experimental)');
  await select.selectOption('igbv2');
  await expect(select).toHaveValue('igbv2');
  await expect(page.getByTestId('choice-experimental')).toContainText('few transitions');
  await expect(page.getByText('IGBv2 settings')).toBeVisible();
  await expect(page.locator('[data-option="sac_hidden"]')).toHaveValue('128');
  // A short schedule (about 9 steps an epoch): the agent trains from step 9 and acts from 18.
  const methodOptions = {
    base_epoch: 0,
    sac_start_epoch: 2,
    sac_update_after: 1,
    sac_update_every: 10,
    sac_hidden: 32,
  };
  await page.evaluate(
    (options) => window.mtlLab!.setConfig({ train: { methodOptions: options } }),
    methodOptions,
  );
  await page.evaluate(() => window.mtlLab!.reset());
  let state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  const config = await page.evaluate(() => window.mtlLab!.getConfig());
  expect(config.train.lossTransform).toBe('igbv2');
  expect(config.train.methodOptions).toMatchObject(methodOptions);
  const view = page.getByTestId('igb-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('igb-agent')).toContainText('SAC agent sets the weights');
  const early = await barValues(page);
  state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  expect(state.step).toBe(100);
  state.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(true));
  await expect.poll(() => barValues(page)).not.toEqual(early);
  expect(lab.errors).toEqual([]);
});

test('UW paper form is chosen from its option control and trains 100 steps', async ({ lab }) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), {
    ...SMALL_CONFIG,
    data: {
      ...SMALL_CONFIG.data,
      taskSpecs: [
        { degree: 1, noise: 0.01 },
        { degree: 1, noise: 0.01, kind: 'binary' as const },
      ],
    },
    train: { ...SMALL_CONFIG.train, method: 'uw' },
  });
  const form = page.locator('[data-option="form"]');
  await form.selectOption('paper');
  await expect
    .poll(() =>
      page.evaluate(async () => (await window.mtlLab!.getConfig()).train.methodOptions.form),
    )
    .toBe('paper');
  await page.evaluate(() => window.mtlLab!.reset());
  const state = await page.evaluate(() => window.mtlLab!.step(100));
  expect(state.failure).toBeNull();
  expect(state.step).toBe(100);
  state.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(true));
  expect(lab.errors).toEqual([]);
});

test('MMoEEx exclusivity on MMoE: chosen in the Model panel, hatched closed gates stay at 0', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), {
    ...SMALL_CONFIG,
    model: { ...SMALL_CONFIG.model, architecture: 'mmoe' as const, experts: 4, hidden: [8] },
    train: { ...SMALL_CONFIG.train, method: 'ew' },
  });
  const select = page.getByLabel('Expert exclusivity (MMoEEx)', { exact: true });
  await select.selectOption('exclusivity');
  await expect(select).toHaveValue('exclusivity');
  await page.evaluate(() => window.mtlLab!.reset());
  let state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  const map = page.getByTestId('gate-heatmap');
  await expect(map).toBeVisible();
  const hatched = map.locator('[data-hatched="true"]');
  await expect.poll(() => hatched.count()).toBeGreaterThan(0);
  const cells = () =>
    map.locator('g[role="img"]').evaluateAll((gs) =>
      gs.map((g) => ({
        value: g.getAttribute('data-value'),
        closed: g.querySelector('[data-hatched="true"]') !== null,
      })),
    );
  const early = await cells();
  early.filter((c) => c.closed).forEach((c) => expect(Number(c.value)).toBe(0));
  state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.step).toBe(100);
  state.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(true));
  await expect
    .poll(async () => (await cells()).map((c) => c.value))
    .not.toEqual(early.map((c) => c.value));
  (await cells()).filter((c) => c.closed).forEach((c) => expect(Number(c.value)).toBe(0));
  expect(lab.errors).toEqual([]);
});

const groupBars = (page: Page) => barValues(page, 'fuller-group-bars');

test('FULLER with the informative / irrelevant preset: trains 100 steps, its calibration bars change', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), {
    ...SMALL_CONFIG,
    data: { ...SMALL_CONFIG.data, irrelevantFeatures: 3 },
    model: { ...SMALL_CONFIG.model, architecture: 'mmoe' as const, experts: 3 },
  });
  const method = page.getByLabel('Method', { exact: true });
  await method.selectOption('fuller');
  await expect(method).toHaveValue('fuller');
  await page.getByTestId('feature-groups-preset').click();
  await expect(page.getByTestId('feature-groups')).toHaveValue('informative: 1-6; irrelevant: 7-9');
  await page.evaluate(() => window.mtlLab!.reset());
  let state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  const config = await page.evaluate(() => window.mtlLab!.getConfig());
  expect(config.train.method).toBe('fuller');
  expect(config.model.featureGroups.map((g) => g.name)).toEqual(['informative', 'irrelevant']);
  const view = page.getByTestId('fuller-view');
  await expect(view).toBeVisible();
  await expect(view.getByRole('heading', { name: 'Gradient calibration (FULLER)' })).toBeVisible();
  await expect.poll(async () => (await groupBars(page)).filter((v) => v !== '').length).toBe(4);
  const early = await groupBars(page);
  state = await page.evaluate(() => window.mtlLab!.step(50));
  expect(state.failure).toBeNull();
  expect(state.step).toBe(100);
  state.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(true));
  await expect.poll(() => groupBars(page)).not.toEqual(early);
  // After the intra calibration both groups' encoder gradients have the same length.
  const [, afterA, , afterB] = (await groupBars(page)).map(Number);
  expect(afterA / afterB).toBeCloseTo(1, 3);
  expect(lab.errors).toEqual([]);
});
