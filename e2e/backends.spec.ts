import { MOVE_MIN_SPEEDUP } from '../src/core/backendSpeed';
import { expect, SMALL_CONFIG, test } from './lab';

test.describe('other backends', () => {
  test('?backend=wasm trains on WebAssembly with locally served binaries', async ({ lab }) => {
    const wasmRequests: string[] = [];
    lab.page.on('request', (request) => {
      if (request.url().endsWith('.wasm')) wasmRequests.push(request.url());
    });
    await lab.open('?backend=wasm');
    expect((await lab.state()).backend).toBe('wasm');
    await expect(lab.page.getByTestId('backend-badge')).toContainText('wasm');
    await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const early = await lab.page.evaluate(() => window.mtlLab!.step(5));
    const late = await lab.page.evaluate(() => window.mtlLab!.step(195));
    console.log(
      `wasm: ${late.stepsPerSecond.toFixed(1)} steps/s; loss ${early.trainLoss} -> ${late.trainLoss}`,
    );
    late.trainLoss.forEach((loss, task) =>
      expect(loss).toBeLessThanOrEqual(early.trainLoss[task] / 2),
    );
    expect(wasmRequests.length).toBeGreaterThan(0);
    for (const url of wasmRequests) expect(url.startsWith('http://127.0.0.1')).toBe(true);
  });

  test('the backend can be switched to cpu at run time', async ({ lab }) => {
    await lab.open();
    await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    await lab.page.getByLabel('Backend').selectOption('cpu');
    await expect.poll(async () => (await lab.state()).backend).toBe('cpu');
    const state = await lab.page.evaluate(() => window.mtlLab!.step(20));
    expect(state.step).toBe(20);
    expect(state.trainLoss.every(Number.isFinite)).toBe(true);
  });
});

test('without ?backend= the lab measures each backend on the config and shows the figures', async ({
  lab,
}) => {
  test.setTimeout(300_000);
  await lab.open('', false);
  const speeds = lab.page.getByTestId('backend-speeds');
  // Measured in the background after the run is ready (startup.spec.ts covers the timing).
  await expect(speeds).toContainText('(picked)', { timeout: 240_000 });
  await expect(speeds).toContainText('steps/s');
  const state = await lab.state();
  await expect(speeds).toContainText(`${state.backend} `);
  await expect(lab.page.getByTestId('backend-badge')).toContainText(state.backend ?? 'none');
});

for (const isolated of [false, true]) {
  test(`?backend=wasm-fused trains and exports ${isolated ? 'with' : 'without'} cross-origin isolation`, async ({
    lab,
    page,
  }) => {
    if (isolated) {
      // COOP/COEP on every response, as the README's hosting notes ask for threads.
      await page.route('**/*', async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: {
            ...response.headers(),
            'cross-origin-opener-policy': 'same-origin',
            'cross-origin-embedder-policy': 'require-corp',
          },
        });
      });
    }
    await lab.open('?backend=wasm-fused');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(isolated);
    expect((await lab.state()).backend).toBe('wasm-fused');
    await expect(page.getByTestId('backend-badge')).toContainText('wasm-fused');
    await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const early = await page.evaluate(() => window.mtlLab!.step(5));
    // One thread without isolation. With it, the headers added here by page.route do not reach
    // the requests of a worker's own workers, so Chromium refuses the threads' script and the
    // run stays on one thread with the reason (isolated.spec.ts, whose server sends the headers
    // on every response, checks the two threads).
    await expect(page.getByTestId('backend-badge')).toContainText('1 thread');
    const late = await page.evaluate(() => window.mtlLab!.step(195));
    console.log(`wasm-fused: ${late.stepsPerSecond.toFixed(1)} steps/s (isolated: ${isolated})`);
    late.trainLoss.forEach((loss, task) =>
      expect(loss).toBeLessThanOrEqual(early.trainLoss[task] / 2),
    );
    const bytes = await page.evaluate(async () =>
      Array.from((await window.mtlLab!.exportWeights('safetensors')) as Uint8Array),
    );
    expect(bytes.length).toBeGreaterThan(100);
    const before = await page.evaluate(() => window.mtlLab!.predict('test'));
    await page.evaluate((data) => window.mtlLab!.importWeights(new Uint8Array(data)), bytes);
    expect(await page.evaluate(() => window.mtlLab!.predict('test'))).toEqual(before);
  });
}

test('the automatic choice measures wasm-fused too and picks the fastest backend', async ({
  lab,
}) => {
  test.setTimeout(300_000);
  await lab.open('', false);
  // The run starts on the quick-start backend; the measurement lands in the background.
  const speedsLine = lab.page.getByTestId('backend-speeds');
  await expect(speedsLine).toContainText('(picked)', { timeout: 240_000 });
  await expect(lab.page.getByTestId('backend-status')).not.toContainText('Moving', {
    timeout: 60_000,
  });
  const state = await lab.state();
  const text = (await speedsLine.textContent()) ?? '';
  console.log(`automatic choice: ${state.backend}; ${text}`);
  const speeds = [...text.matchAll(/([\w-]+) ([\d.]+) steps\/s/g)].map((m) => ({
    name: m[1],
    stepsPerSecond: Number(m[2]),
  }));
  expect(speeds.map((s) => s.name)).toContain('wasm-fused');
  const fastest = speeds.reduce((a, b) => (b.stepsPerSecond > a.stepsPerSecond ? b : a));
  // The run moves only for a clear gain (MOVE_MIN_SPEEDUP): it ends on the fastest or near it.
  const current = speeds.find((s) => s.name === state.backend);
  expect(current, `the run's backend ${state.backend} was measured`).toBeDefined();
  if (state.backend !== fastest.name) {
    expect(fastest.stepsPerSecond).toBeLessThan(current!.stepsPerSecond * MOVE_MIN_SPEEDUP);
  }
});
