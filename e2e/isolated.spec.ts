/**
 * The build served cross-origin isolated (COOP same-origin + COEP require-corp; project
 * 'isolated'), where tfjs would pick its threaded wasm build whose threads die once bundled. The
 * automatic choice, wasm, webgpu and wasm-fused forced each become ready and train, with no
 * errors; wasm-fused on its threads (workers sharing its memory).
 */
import { expect, SMALL_CONFIG, test } from './lab';

for (const query of ['', '?backend=wasm', '?backend=webgpu', '?backend=wasm-fused']) {
  test(`cross-origin isolated: ${query || 'automatic choice'} trains`, async ({ lab }) => {
    await lab.open(query, false);
    expect(await lab.page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    const state = await lab.state();
    expect(state.phase).toBe('ready');
    if (query) expect(state.backend).toBe(query.split('=')[1]);
    await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const early = await lab.page.evaluate(() => window.mtlLab!.step(2));
    const late = await lab.page.evaluate(() => window.mtlLab!.step(18));
    expect(late.step).toBe(20);
    late.trainLoss.forEach((loss, task) => expect(loss).toBeLessThan(early.trainLoss[task]));
    if (query === '?backend=wasm-fused') {
      // Shared memory here: the fused engine starts two threads for the batch of 64 and keeps
      // them where they measure faster than one at build; otherwise its badge says so.
      const cores = await lab.page.evaluate(() => navigator.hardwareConcurrency);
      const badge = lab.page.getByTestId('backend-badge');
      await expect(badge).toContainText(cores > 1 ? /2 threads|1 thread/ : '1 thread');
      if (cores > 1 && (await badge.textContent())?.includes('1 thread')) {
        await expect(badge.locator('.backend-adapter')).toHaveAttribute(
          'title',
          /2 threads measured slower here/,
        );
      }
    }
  });
}
