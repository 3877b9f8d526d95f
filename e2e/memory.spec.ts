/**
 * tf.memory() of the training worker stays flat: over 2,000 steps, and across reconfigure, reset
 * and backend-switch cycles. Runs on the wasm backend (SwiftShader WebGPU manages ~5-10 steps/s,
 * which would make 2,000 steps take minutes); the same engine code runs on every backend.
 */
import { expect, SMALL_CONFIG, test } from './lab';

test('no tensor leak over 2,000 steps (step 100 vs step 2,100)', async ({ lab }) => {
  test.setTimeout(300_000);
  await lab.open('?backend=wasm');
  const page = lab.page;
  await page.evaluate((c) => window.mtlLab!.setConfig(c), SMALL_CONFIG);
  await page.evaluate(() => window.mtlLab!.step(100));
  const at100 = await page.evaluate(() => window.mtlLab!.getMemory());
  await page.evaluate(() => window.mtlLab!.step(2000));
  const at2100 = await page.evaluate(() => window.mtlLab!.getMemory());
  expect((await lab.state()).step).toBe(2100);
  console.log(
    `memory at step 100: ${JSON.stringify(at100)}; at step 2100: ${JSON.stringify(at2100)}`,
  );
  expect(at2100.numTensors).toBe(at100.numTensors);
  expect(at2100.numBytes).toBe(at100.numBytes);
});

test('no tensor leak across 20 reconfigure cycles, resets and backend switches', async ({
  lab,
}) => {
  test.setTimeout(300_000);
  await lab.open('?backend=wasm');
  const page = lab.page;
  const configs = [
    SMALL_CONFIG,
    { ...SMALL_CONFIG, train: { ...SMALL_CONFIG.train, method: 'pcgrad' } },
    { ...SMALL_CONFIG, model: { ...SMALL_CONFIG.model, architecture: 'mmoe' as const } },
    { ...SMALL_CONFIG, data: { ...SMALL_CONFIG.data, seed: 9 } },
  ];
  const cycle = async (i: number) => {
    await page.evaluate((c) => window.mtlLab!.setConfig(c), configs[i % configs.length]);
    await page.evaluate(() => window.mtlLab!.step(5));
  };
  // Warm-up: one full round so every kernel and cache exists.
  for (let i = 0; i < configs.length; i++) await cycle(i);
  const baseline = await page.evaluate(() => window.mtlLab!.getMemory());
  for (let i = 0; i < 20; i++) await cycle(i);
  const afterReconfigure = await page.evaluate(() => window.mtlLab!.getMemory());
  for (let i = 0; i < 5; i++) await page.evaluate(() => window.mtlLab!.reset());
  for (const backend of ['cpu', 'wasm', 'cpu', 'wasm']) {
    await page.evaluate((b) => window.mtlLab!.setBackend(b), backend);
  }
  // Same state as the baseline: 5 steps in (the first step uploads the epoch's batch order).
  await page.evaluate(() => window.mtlLab!.step(5));
  const afterSwitches = await page.evaluate(() => window.mtlLab!.getMemory());
  console.log(
    `memory baseline ${JSON.stringify(baseline)}; after 20 reconfigures ${JSON.stringify(afterReconfigure)}; after resets and switches ${JSON.stringify(afterSwitches)}`,
  );
  expect(afterReconfigure.numTensors).toBe(baseline.numTensors);
  expect(afterReconfigure.numBytes).toBe(baseline.numBytes);
  expect(afterSwitches.numTensors).toBe(baseline.numTensors);
  expect(afterSwitches.numBytes).toBe(baseline.numBytes);
});
