import { expect, SMALL_CONFIG, test } from './lab';

test.describe('WebGPU on SwiftShader', () => {
  test('loads on the webgpu backend and shows the adapter', async ({ lab }) => {
    await lab.open();
    const state = await lab.state();
    expect(state.phase).toBe('ready');
    expect(state.backend).toBe('webgpu');
    // A CPU run must never pose as a GPU run: check the adapter really is SwiftShader.
    expect(state.adapter?.architecture).toBe('swiftshader');
    await expect(lab.page.getByTestId('backend-badge')).toContainText('webgpu');
    await expect(lab.page.getByTestId('backend-badge')).toContainText('swiftshader');
    // The default network needs kernels with more than 7 inputs; an invalid kernel yields zeros
    // silently, so check real numbers come back and WebGPU reported nothing.
    const stepped = await lab.page.evaluate(() => window.mtlLab!.step(2));
    expect(stepped.gpuErrors).toEqual([]);
    for (const loss of [...stepped.trainLoss, ...stepped.testLoss]) expect(loss).toBeGreaterThan(0);
  });

  test('Play trains and Pause stops', async ({ lab }) => {
    await lab.open();
    await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    await lab.page.getByRole('button', { name: 'Play' }).click();
    await expect
      .poll(async () => (await lab.state()).step, { timeout: 60_000 })
      .toBeGreaterThan(10);
    const playing = await lab.state();
    expect(playing.running).toBe(true);
    expect(playing.stepsPerSecond).toBeGreaterThan(0);
    await lab.page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(async () => (await lab.state()).running).toBe(false);
    const paused = await lab.state();
    await lab.page.waitForTimeout(300);
    expect((await lab.state()).step).toBe(paused.step);
    await expect(lab.page.getByTestId('step-count')).toHaveText(
      paused.step.toLocaleString('en-US'),
    );
  });

  test('every task’s train loss falls by at least half', async ({ lab }) => {
    await lab.open();
    await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const started = Date.now();
    const early = await lab.page.evaluate(() => window.mtlLab!.step(5));
    expect(early.step).toBe(5);
    const late = await lab.page.evaluate(() => window.mtlLab!.step(75));
    expect(late.step).toBe(80);
    console.log(
      `webgpu: 80 steps in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `train loss ${early.trainLoss.map((v) => v.toFixed(4))} -> ${late.trainLoss.map((v) => v.toFixed(4))}; ` +
        `${late.stepsPerSecond.toFixed(1)} steps/s`,
    );
    expect(late.trainLoss).toHaveLength(2);
    late.trainLoss.forEach((loss, task) => {
      expect(Number.isFinite(loss)).toBe(true);
      expect(loss, `task ${task + 1}`).toBeLessThanOrEqual(early.trainLoss[task] / 2);
    });
  });
});
