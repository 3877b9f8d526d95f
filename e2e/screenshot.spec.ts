/**
 * Makes docs/screenshot.png for the README (1280 x 800, WebGPU on SwiftShader). Skipped unless
 * SCREENSHOT=1, so `npm test` never rewrites a tracked file: `SCREENSHOT=1 npm run screenshot`.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from './lab';

test('@screenshot README screenshot', async ({ lab }) => {
  test.skip(process.env.SCREENSHOT !== '1', 'set SCREENSHOT=1 to refresh docs/screenshot.png');
  await lab.open();
  const { page } = lab;
  await page.evaluate(() =>
    window.mtlLab!.setConfig({
      data: {
        samples: 2000,
        rho: 0.3,
        taskSpecs: [
          { degree: 1, noise: 0.05 },
          { degree: 2, noise: 0.05 },
          { degree: 1, noise: 0.2 },
        ],
      },
      model: { architecture: 'mmoe', hidden: [32, 32], experts: 4, headInit: 'same' },
      train: { learningRate: 0.005, batchSize: 64, method: 'pcgrad' },
    }),
  );
  for (let i = 0; i < 12; i++) await page.evaluate(() => window.mtlLab!.step(25));
  // The view refreshes a few times a second: wait for the one of the last step (step 300).
  await page.evaluate(() => window.mtlLab!.getNetworkView({ fresh: true }));
  await expect(page.getByText('Network as text (step 300)')).toBeVisible();
  const chart = page.getByTestId('loss-chart-svg');
  const box = await chart.boundingBox();
  expect(box).not.toBeNull();
  if (box) await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
  await expect(page.locator('.hover-readout')).toBeVisible();
  await page.screenshot({
    path: fileURLToPath(new URL('../docs/screenshot.png', import.meta.url)),
  });
  await page.getByTestId('microscope').screenshot({
    path: fileURLToPath(new URL('../docs/microscope.png', import.meta.url)),
  });
});
