/**
 * Live settings: changing the learning rate or a method option while training keeps the run (its
 * id, step, weights and loss history), the new value takes effect (the update shrinks with the
 * learning rate), the chart's history marks the change, and any other change starts a new run
 * and says so. On webgpu (the fused Adam) and on the fused wasm engine.
 */
import type { Page } from '@playwright/test';
import { expect, SMALL_CONFIG, test } from './lab';

/** The run's weights as floats (safetensors: 8-byte header length, JSON header, f32 data). */
function weights(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const bytes = (await window.mtlLab!.exportWeights('safetensors')) as Uint8Array;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const data = bytes.slice(8 + Number(view.getBigUint64(0, true)));
    return Array.from(new Float32Array(data.buffer, 0, data.byteLength / 4));
  });
}

const distance = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0);

for (const backend of ['webgpu', 'wasm-fused']) {
  test(`${backend}: a learning-rate change keeps the run and shrinks the next updates`, async ({
    lab,
  }) => {
    const { page } = lab;
    await lab.open(`?backend=${backend}`);
    await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    await page.evaluate(() => window.mtlLab!.step(20));
    const w20 = await weights(page);
    await page.evaluate(() => window.mtlLab!.step(5));
    const w25 = await weights(page);
    const before = await lab.state();
    expect(before.learningRate).toBe(0.01);

    await page.evaluate(() => window.mtlLab!.setConfig({ train: { learningRate: 0.001 } }));
    const after = await lab.state();
    expect(after.runId).toBe(before.runId);
    expect(after.step).toBe(25);
    expect(after.historyLength).toBeGreaterThanOrEqual(before.historyLength);
    expect(await weights(page)).toEqual(w25);
    expect(after.lastChange?.kind).toBe('live');
    expect(after.changes.map((c) => c.text)).toEqual([
      expect.stringContaining('learning rate 0.01 → 0.001'),
    ]);
    await expect(page.getByTestId('run-change')).toContainText('learning rate 0.01 → 0.001');

    const stepped = await page.evaluate(() => window.mtlLab!.step(5));
    expect(stepped.step).toBe(30);
    expect(stepped.learningRate).toBe(0.001);
    // Five Adam steps at a tenth of the rate move the weights far less than the five before.
    const ratio = distance(await weights(page), w25) / distance(w25, w20);
    console.log(`${backend}: update size after lr / 10 = ${ratio.toFixed(3)} of before`);
    expect(ratio).toBeLessThan(0.3);
    expect(ratio).toBeGreaterThan(0.02);
  });
}

test('a method option changed while training applies to the running network', async ({ lab }) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate(
    (config) =>
      window.mtlLab!.setConfig({
        ...config,
        train: { ...config.train, method: 'cagrad', methodOptions: { c: 0.4 } },
      }),
    SMALL_CONFIG,
  );
  await page.evaluate(() => window.mtlLab!.step(10));
  const before = await lab.state();
  await page.evaluate(() => window.mtlLab!.play());
  await expect.poll(async () => (await lab.state()).step).toBeGreaterThan(before.step + 5);
  await page.evaluate(() => window.mtlLab!.setConfig({ train: { methodOptions: { c: 0.9 } } }));
  const changed = await lab.state();
  await expect.poll(async () => (await lab.state()).step).toBeGreaterThan(changed.step + 5);
  await page.evaluate(() => window.mtlLab!.pause());
  const after = await lab.state();
  expect(after.runId).toBe(before.runId);
  expect(after.step).toBeGreaterThan(changed.step);
  expect(after.historyLength).toBeGreaterThan(before.historyLength);
  expect(after.changes.map((c) => c.text)).toEqual([expect.stringContaining('c = 0.9')]);
  expect((await page.evaluate(() => window.mtlLab!.getConfig())).train.methodOptions).toEqual({
    c: 0.9,
  });
});

test('any other change starts a new run and says which field forced it', async ({ lab }) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
  await page.evaluate(() => window.mtlLab!.step(10));
  const before = await lab.state();
  await page.evaluate(() => window.mtlLab!.setConfig({ model: { hidden: [8] } }));
  const after = await lab.state();
  expect(after.runId).toBeGreaterThan(before.runId);
  expect(after.step).toBe(0);
  expect(after.changes).toEqual([]);
  await expect(page.getByTestId('run-change')).toContainText('model.hidden changed');
});
