/**
 * The dev server as `npm start` starts it (project 'dev' in playwright.config.ts): dependency
 * pre-bundling instead of a build. The page loads and trains on webgpu and on wasm, with no
 * console errors (the lab fixture fails the test on any).
 */
import { expect, SMALL_CONFIG, test } from './lab';

for (const backend of ['webgpu', 'wasm'] as const) {
  test(`dev server: trains 20 steps on ${backend}`, async ({ lab }) => {
    await lab.open(`?backend=${backend}`);
    expect((await lab.state()).backend).toBe(backend);
    await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const early = await lab.page.evaluate(() => window.mtlLab!.step(2));
    const late = await lab.page.evaluate(() => window.mtlLab!.step(18));
    expect(late.step).toBe(20);
    late.trainLoss.forEach((loss, task) => expect(loss).toBeLessThan(early.trainLoss[task]));
  });
}
