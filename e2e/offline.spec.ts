/** After the first visit the app reloads and trains with the network switched off. */
import { expect, test } from './lab';

test('works offline once the service worker is active', async ({ lab, page, context }) => {
  await lab.open();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
    .toBe(true);
  const requests: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('http://127.0.0.1')) requests.push(request.url());
  });
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => window.mtlLab !== undefined);
  await page.evaluate(() => window.mtlLab!.ready());
  await page.evaluate(() =>
    window.mtlLab!.setConfig({ data: { samples: 600 }, model: { hidden: [16], tower: [8] } }),
  );
  const state = await page.evaluate(() => window.mtlLab!.step(3));
  expect(state.step).toBe(3);
  expect(state.trainLoss.every(Number.isFinite)).toBe(true);
  expect(requests).toEqual([]);
  await context.setOffline(false);
});
