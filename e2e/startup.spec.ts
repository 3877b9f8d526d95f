/**
 * The first minute with the automatic backend choice: Play works before any measurement has
 * finished; the measurement runs in the background and is remembered, so a reload skips it; and
 * a run that moves to another backend keeps its weights and its loss history.
 */
import { expect, SMALL_CONFIG, test } from './lab';

test('Play works at once; the measured choice is remembered and a reload skips measuring', async ({
  lab,
}) => {
  test.setTimeout(300_000);
  const measureWorkers: string[] = [];
  lab.page.on('worker', (worker) => {
    if (worker.url().includes('measure')) measureWorkers.push(worker.url());
  });
  await lab.open('', false);
  const status = lab.page.getByTestId('backend-status');
  // Ready on the quick-start backend while the others are still being measured.
  await expect(lab.page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await expect(status).toContainText('Measuring');
  const header = await lab.page.locator('header').boundingBox();
  // The measurement lands (maybe moving the run); the header keeps its height.
  await expect(status).toContainText(/measured fastest here|Moved to/, { timeout: 240_000 });
  await expect(lab.page.getByTestId('backend-speeds')).toContainText('(picked)');
  expect((await lab.page.locator('header').boundingBox())?.height).toBe(header?.height);
  expect(measureWorkers.length).toBe(1);

  await lab.page.reload();
  await lab.page.waitForFunction(() => window.mtlLab !== undefined);
  await lab.page.evaluate(() => window.mtlLab!.ready());
  await expect(status).toContainText('remembered');
  await expect(lab.page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await expect(lab.page.getByTestId('backend-speeds')).toContainText('(picked)');
  expect(measureWorkers.length).toBe(1);
});

test('a run moved to another backend keeps its weights, step and loss history', async ({ lab }) => {
  await lab.open('?backend=wasm');
  await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
  await lab.page.evaluate(() => window.mtlLab!.step(10));
  await lab.page.evaluate(() => window.mtlLab!.step(10));
  const before = await lab.page.evaluate(() => window.mtlLab!.predict('test'));
  const { runId } = await lab.state();
  const history = await lab.page.evaluate(() => window.mtlLab!.debug.historySteps());
  const moved = await lab.page.evaluate(() => window.mtlLab!.moveBackend('webgpu'));
  expect(moved.name).toBe('webgpu');
  expect(moved.moved?.from).toBe('wasm');
  const state = await lab.state();
  expect(state.backend).toBe('webgpu');
  expect(state.step).toBe(20);
  const after = await lab.page.evaluate(() => window.mtlLab!.predict('test'));
  const diff = Math.max(
    ...before.flatMap((row, i) => row.map((v, j) => Math.abs(v - after[i][j]))),
  );
  console.log(`largest prediction change across the move: ${diff}`);
  expect(diff).toBeLessThanOrEqual(1e-5);
  // The same run id: the page keeps the run's loss history (a new id would start a new chart).
  expect(state.runId).toBe(runId);
  const kept = await lab.page.evaluate(() => window.mtlLab!.debug.historySteps());
  expect(kept.slice(0, history.length)).toEqual(history);
  const next = await lab.page.evaluate(() => window.mtlLab!.step(10));
  expect(next.step).toBe(30);
  expect(next.trainLoss.every(Number.isFinite)).toBe(true);
});

test('a configuration its backend cannot run moves to another backend and says why', async ({
  lab,
}) => {
  await lab.open('?backend=wasm');
  await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
  // As if wasm lacked the square root Adam needs.
  expect(await lab.page.evaluate(() => window.mtlLab!.debug.dropKernel('Sqrt'))).toBe(true);
  const stepped = await lab.page.evaluate(() => window.mtlLab!.step(5));
  expect(stepped.step).toBe(5);
  const state = await lab.state();
  expect(state.backend).not.toBe('wasm');
  expect(state.phase).toBe('ready');
  await expect(lab.page.getByTestId('backend-status')).toContainText(
    'WebAssembly cannot run this configuration',
  );
  await expect(lab.page.getByLabel('Backend')).toBeEnabled();
});
