/**
 * Reliability on real WebGPU (SwiftShader): a diverging run pauses and rolls back, a destroyed
 * GPU device hands the run to another backend, a reload restores the experiment, and bad input
 * is refused with a message while what is loaded stays as it was.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, SMALL_CONFIG, test } from './lab';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const notices = (page: Page) => page.evaluate(() => window.mtlLab!.getNotices());

async function weights(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const bytes = await window.mtlLab!.exportWeights('safetensors');
    return Array.from(bytes as Uint8Array);
  });
}

test('a learning rate of 1e3 diverges: the run pauses, names the task and method, rolls back', async ({
  lab,
}) => {
  await lab.open();
  const page = lab.page;
  await page.evaluate((c) => window.mtlLab!.setConfig(c), {
    ...SMALL_CONFIG,
    train: { ...SMALL_CONFIG.train, learningRate: 1000 },
  });
  const before = await weights(page);
  await page.evaluate(() => window.mtlLab!.play());
  await expect.poll(async () => (await notices(page)).length, { timeout: 120_000 }).toBe(1);
  const [notice] = await notices(page);
  expect(notice.kind).toBe('diverged');
  if (notice.kind !== 'diverged') return;
  expect(notice.tasks.length).toBeGreaterThan(0);
  expect(notice.message).toContain('Training diverged');
  expect(notice.message).toContain(notice.method);
  expect(notice.suggestion).toContain('from 1000 to 0.001');
  const state = await lab.state();
  expect(state.running).toBe(false);
  expect(state.step).toBe(notice.restoredStep);
  expect(state.trainLoss.every((v) => Number.isFinite(v) || Number.isNaN(v))).toBe(true);
  // Rolled back to the step-0 checkpoint: the weights are the ones from before training.
  if (notice.restoredStep === 0) expect(await weights(page)).toEqual(before);
  const predictions = await page.evaluate(() => window.mtlLab!.predict('test'));
  expect(predictions.flat().every(Number.isFinite)).toBe(true);
  const banner = page.locator('[data-notice="diverged"]');
  await expect(banner).toContainText('Lower the learning rate from 1000 to 0.001');
  await expect(banner).toContainText(notice.tasks[0]);
});

for (const [from, what] of [
  ['webgpu', 'a destroyed WebGPU device'],
  ['webgl', 'a lost WebGL context'],
] as const) {
  test(`${what}: message, another backend, training resumes from the checkpoint`, async ({
    lab,
  }) => {
    await lab.open(`?backend=${from}`);
    const page = lab.page;
    await page.evaluate((c) => window.mtlLab!.setConfig(c), SMALL_CONFIG);
    // Paused steps always checkpoint: step 12 is the last good checkpoint.
    await page.evaluate(() => window.mtlLab!.step(12));
    await expect.poll(() => page.evaluate(() => window.mtlLab!.debug.checkpointStep())).toBe(12);
    await page.evaluate(() => window.mtlLab!.play());
    await expect.poll(async () => (await lab.state()).step).toBeGreaterThan(14);
    expect(await page.evaluate(() => window.mtlLab!.debug.loseDevice())).toBe(true);
    await expect
      .poll(async () => (await notices(page)).map((n) => n.kind))
      .toEqual(['device-lost']);
    const [notice] = await notices(page);
    if (notice.kind !== 'device-lost') throw new Error('expected a device-lost notice');
    expect(notice.from).toBe(from);
    expect(notice.resumed).toBe(true);
    expect(notice.restoredStep).toBeGreaterThanOrEqual(12);
    const state = await lab.state();
    expect(state.backend).toBe(notice.to);
    expect(state.backend).not.toBe(from);
    expect(state.phase).toBe('ready');
    // History before the checkpoint is kept; training goes on past it on the new backend.
    const steps = await page.evaluate(() => window.mtlLab!.debug.historySteps());
    expect(steps[0]).toBe(0);
    expect(steps).toContain(12);
    await expect
      .poll(async () => (await lab.state()).step)
      .toBeGreaterThan(notice.restoredStep! + 5);
    expect((await lab.state()).running).toBe(true);
    await expect(page.locator('[data-notice="device-lost"]')).toContainText('was lost');
    await expect(page.getByTestId('backend-badge')).toContainText(notice.to);
    await page.evaluate(() => window.mtlLab!.pause());
  });
}

test('an imported table comes back after a reload, with its run; going back forgets it', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  const page = lab.page;
  await page.evaluate(() => window.mtlLab!.clearSaved());
  await page.getByLabel('Import your own CSV').setInputFiles(fixture('two-tasks.csv'));
  const form = page.getByRole('form', { name: 'Map the columns of two-tasks.csv' });
  await form.getByLabel('Kind of task task_1').selectOption('regression');
  await form.getByRole('button', { name: 'Import and train' }).click();
  const source = page.getByTestId('data-source');
  await expect(source).toContainText('Imported: two-tasks.csv (300 rows, 4 features, 2 tasks)');
  await page.evaluate(() => window.mtlLab!.step(10));
  await expect
    .poll(async () => (await page.evaluate(() => window.mtlLab!.getSaved())).savedStep)
    .toBe(10);
  const before = await weights(page);
  const kinds = (await lab.state()).data?.tasks.map((t) => t.kind);

  await page.reload();
  await page.waitForFunction(() => window.mtlLab !== undefined);
  await page.evaluate(() => window.mtlLab!.ready());
  // The table is imported again with the saved mapping (task_1 as regression, not the inferred
  // binary), and the run on it continues from its checkpoint.
  await expect(source).toContainText('Imported: two-tasks.csv (300 rows, 4 features, 2 tasks)');
  await expect.poll(async () => (await lab.state()).step).toBe(10);
  expect((await lab.state()).data?.tasks.map((t) => t.kind)).toEqual(kinds);
  expect(kinds).toEqual(['regression', 'regression']);
  expect(await weights(page)).toEqual(before);
  await expect(page.locator('[data-notice="restored"]')).toContainText('step 10');

  await page.getByRole('button', { name: 'Back to generated data' }).click();
  await expect(source).toContainText('Generated data');
  await expect
    .poll(async () => (await page.evaluate(() => window.mtlLab!.getSaved())).savedStep)
    .toBe(0);
  await page.reload();
  await page.waitForFunction(() => window.mtlLab !== undefined);
  await page.evaluate(() => window.mtlLab!.ready());
  await expect(source).toContainText('Generated data');
  await page.evaluate(() => window.mtlLab!.clearSaved());
});

test('a reload restores the config, the step, the weights and the loss history', async ({
  lab,
}) => {
  await lab.open();
  const page = lab.page;
  await page.evaluate(() => window.mtlLab!.clearSaved());
  await page.evaluate((c) => window.mtlLab!.setConfig(c), {
    ...SMALL_CONFIG,
    train: { ...SMALL_CONFIG.train, learningRate: 0.02 },
  });
  await page.evaluate(() => window.mtlLab!.step(8));
  await page.evaluate(() => window.mtlLab!.step(9));
  await expect
    .poll(async () => (await page.evaluate(() => window.mtlLab!.getSaved())).savedStep)
    .toBe(17);
  const config = await page.evaluate(() => window.mtlLab!.getConfig());
  const history = await page.evaluate(() => window.mtlLab!.debug.historySteps());
  const before = await weights(page);
  await page.reload();
  await page.waitForFunction(() => window.mtlLab !== undefined);
  await page.evaluate(() => window.mtlLab!.ready());
  await expect.poll(async () => (await lab.state()).step).toBe(17);
  expect(await page.evaluate(() => window.mtlLab!.getConfig())).toEqual(config);
  expect(await page.evaluate(() => window.mtlLab!.debug.historySteps())).toEqual(history);
  expect(await weights(page)).toEqual(before);
  await expect(page.locator('[data-notice="restored"]')).toContainText('step 17');
  // Cleared: the next reload starts the linked config from step 0.
  await page.getByRole('button', { name: 'Clear saved experiment' }).click();
  await expect(page.getByText('The saved copy was deleted')).toBeVisible();
  await page.reload();
  await page.waitForFunction(() => window.mtlLab !== undefined);
  await page.evaluate(() => window.mtlLab!.ready());
  expect((await lab.state()).step).toBe(0);
  expect(await page.evaluate(() => window.mtlLab!.getConfig())).toEqual(config);
});

test('bad input is refused with a message and what is loaded stays as it was', async ({ lab }) => {
  // A link with nonsense: the lab starts, says what it ignored, and uses defaults for it.
  await lab.open('?backend=wasm#tasks=banana&lr=-5&method=nonsense&zzz=1');
  const page = lab.page;
  await expect(page.locator('.link-notice')).toBeVisible();
  expect((await lab.state()).phase).toBe('ready');

  await page.evaluate((c) => window.mtlLab!.setConfig(c), SMALL_CONFIG);
  await page.evaluate(() => window.mtlLab!.step(5));
  const config = await page.evaluate(() => window.mtlLab!.getConfig());
  const before = await weights(page);

  // A weights file that is not one: rejected with the reason, weights unchanged.
  const scripted = await page.evaluate(() =>
    window.mtlLab!.importWeights(new Uint8Array([1, 2, 3, 4, 5])).then(
      () => 'loaded',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    ),
  );
  expect(scripted).not.toBe('loaded');
  expect(scripted.length).toBeGreaterThan(10);
  await page.getByLabel(/Load weights/).setInputFiles({
    name: 'broken.safetensors',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('definitely not safetensors'),
  });
  await expect(page.getByRole('alert').filter({ hasText: 'Not loaded' })).toBeVisible();
  expect(await weights(page)).toEqual(before);

  // Values beyond the limits: refused with a message naming the setting; the run is kept.
  for (const patch of [
    { train: { learningRate: 1e5 } },
    { train: { batchSize: 100_000 } },
    { data: { samples: 10 } },
    { data: { tasks: 17 } },
  ]) {
    const message = await page.evaluate(
      (p) =>
        window.mtlLab!.setConfig(p).then(
          () => 'accepted',
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        ),
      patch,
    );
    expect(message).not.toBe('accepted');
    expect(message.toLowerCase()).toMatch(/learning rate|batch size|samples|tasks/);
  }
  expect(await page.evaluate(() => window.mtlLab!.getConfig())).toEqual(config);
  expect((await lab.state()).step).toBe(5);

  // Valid but surprising: a batch larger than the data is said in words, and training works.
  await page.evaluate(() => window.mtlLab!.setConfig({ train: { batchSize: 4096 } }));
  await expect(page.locator('[data-notice="config"]')).toContainText('larger than the');
  const state = await page.evaluate(() => window.mtlLab!.step(3));
  expect(state.trainLoss.every(Number.isFinite)).toBe(true);
  // At the limits: 16 tasks on 16 features.
  await page.evaluate(() =>
    window.mtlLab!.setConfig({ data: { tasks: 16, features: 16, samples: 400 } }),
  );
  const big = await page.evaluate(() => window.mtlLab!.step(2));
  expect(big.tasks).toBe(16);
  expect(big.trainLoss.every(Number.isFinite)).toBe(true);
});

test('the built app sends a strict CSP and trains on every backend without violating it', async ({
  lab,
}) => {
  await lab.page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective}: ${event.blockedURI}`),
    );
  });
  const response = await lab.page.goto('./?backend=wasm');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await lab.open('?backend=wasm');
  const page = lab.page;
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).toContain("object-src 'none'");
  expect(meta).not.toMatch(/\s'unsafe-eval'/);
  await page.evaluate((c) => window.mtlLab!.setConfig(c), SMALL_CONFIG);
  for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
    const selection = await page.evaluate((b) => window.mtlLab!.setBackend(b), backend);
    expect(selection.name).toBe(backend);
    const state = await page.evaluate(() => window.mtlLab!.step(3));
    expect(state.trainLoss.every(Number.isFinite)).toBe(true);
  }
  const violations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  expect(violations).toEqual([]);
});
