/**
 * The MTL microscope on real WebGPU (SwiftShader): conflict heatmap, gate heatmap and decision
 * view render and update while training; hover reads values; SVG export is a valid SVG; and the
 * views never block the main thread for more than 100 ms while training runs.
 */
import { readFile } from 'node:fs/promises';
import { expect, SMALL_CONFIG, test } from './lab';

interface LongTask {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    __longTasks?: LongTask[];
  }
}

const MMOE = {
  ...SMALL_CONFIG,
  model: { ...SMALL_CONFIG.model, architecture: 'mmoe' as const, experts: 3, hidden: [8] },
  train: { ...SMALL_CONFIG.train, method: 'pcgrad' },
};

test('microscope views render, update, read out and export while MMoE trains', async ({ lab }) => {
  const { page } = lab;
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longTasks!.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), MMOE);
  await page.evaluate(() => window.mtlLab!.step(5));

  const conflictMap = page.getByTestId('conflict-heatmap');
  const gateMap = page.getByTestId('gate-heatmap');
  const decision = page.getByTestId('decision-view');
  await expect(conflictMap).toBeVisible();
  await expect(gateMap).toBeVisible();
  // Arrowheads of both task gradients and the update (the sum may cancel to a dot).
  await expect.poll(() => decision.locator('svg polygon').count()).toBeGreaterThanOrEqual(4);
  await expect(decision.locator('svg polygon').nth(1)).toBeVisible();
  const conflict = await page.evaluate(() => window.mtlLab!.getConflict());
  expect(conflict?.cosine).toHaveLength(2);
  const gates = await page.evaluate(() => window.mtlLab!.getGates());
  gates!.weights.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4));
  expect(await page.evaluate(() => window.mtlLab!.getMethodWeights())).toHaveLength(2);

  // Updates while training: the decision view's description and the conflict step move on.
  const cell = conflictMap.locator('g[role="img"]').nth(1);
  const before = {
    label: await decision.getAttribute('aria-label'),
    step: conflict!.step,
  };
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(3000); // warm-up: pipelines compiled, chunk size settled
  const windowStart = await page.evaluate(() => performance.now());
  await expect
    .poll(async () => (await page.evaluate(() => window.mtlLab!.getConflict()))!.step, {
      timeout: 30_000,
    })
    .toBeGreaterThan(before.step + 20);
  await expect.poll(() => decision.getAttribute('aria-label')).not.toBe(before.label);
  await page.waitForTimeout(3000);
  const windowEnd = await page.evaluate(() => performance.now());
  const trained = await lab.state();
  expect(trained.running).toBe(true);

  const longTasks = await page.evaluate(
    ([from, to]) => window.__longTasks!.filter((t) => t.start >= from && t.start <= to),
    [windowStart, windowEnd],
  );
  console.log(
    `microscope: ${trained.step} steps, ${trained.stepsPerSecond.toFixed(1)} steps/s; ` +
      `long tasks in ${((windowEnd - windowStart) / 1000).toFixed(1)} s window: ` +
      `${JSON.stringify(longTasks.map((t) => Math.round(t.duration)))}`,
  );
  expect(longTasks.filter((t) => t.duration > 100)).toEqual([]);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(async () => (await lab.state()).running).toBe(false);

  // Hover a cell: its exact value is shown.
  await cell.hover();
  const value = Number(await cell.getAttribute('data-value'));
  await expect(conflictMap.locator('.heatmap-readout')).toContainText(value.toFixed(2));

  // SVG export downloads a valid SVG.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export conflict cosines as SVG' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('conflict-cosines.svg');
  const svg = await readFile((await download.path())!, 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      root: doc.documentElement.nodeName,
      errors: doc.querySelectorAll('parsererror').length,
    };
  }, svg);
  expect(parsed).toEqual({ root: 'svg', errors: 0 });

  // A canvas strip exports too (canvas -> SVG <image>).
  const stripDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export conflict history as SVG' }).click();
  const strip = await readFile((await (await stripDownload).path())!, 'utf8');
  expect(strip).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<image/);
});

test('EW shows conflicts too (probe every 10 steps); screenshots at desktop and tablet', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate(
    (config) =>
      window.mtlLab!.setConfig({
        ...config,
        data: {
          ...config.data,
          tasks: 3,
          taskSpecs: [...config.data.taskSpecs, { degree: 1, noise: 0.01 }],
        },
        model: { ...config.model, architecture: 'mmoe' as const, experts: 3, hidden: [8] },
        train: { ...config.train, method: 'ew' },
      }),
    SMALL_CONFIG,
  );
  await page.evaluate(() => window.mtlLab!.step(60));
  const conflict = await page.evaluate(() => window.mtlLab!.getConflict());
  // Probed every 10 steps, and on the last step of a Step pressed while paused (step 59).
  expect(conflict?.step).toBe(59);
  expect(conflict?.cosine).toHaveLength(3);
  await expect(page.getByTestId('conflict-heatmap')).toBeVisible();
  await page.getByTestId('microscope').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/microscope-1280.png', fullPage: true });
  await page
    .getByTestId('microscope')
    .screenshot({ path: 'test-results/microscope-panel-1280.png' });
  await page.setViewportSize({ width: 820, height: 1180 });
  // Tablets show one detailed section at a time: the nav's "Microscope" shows this one.
  await page
    .getByRole('navigation', { name: 'Detailed panels' })
    .getByRole('button', { name: 'Microscope' })
    .click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/microscope-tablet.png', fullPage: true });
  await page
    .getByTestId('microscope')
    .screenshot({ path: 'test-results/microscope-panel-tablet.png' });
});
