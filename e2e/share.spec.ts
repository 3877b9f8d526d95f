/**
 * Weights out and back in across a page reload, links that reopen the same experiment in a fresh
 * browser context, link messages, and classroom hiding.
 */
import { SMALL_CONFIG, expect, test } from './lab';

test('safetensors export, reload, import: identical test predictions', async ({ lab, page }) => {
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
  await page.evaluate(() => window.mtlLab!.step(20));
  const before = await page.evaluate(() => window.mtlLab!.predict('test'));
  const bytes = await page.evaluate(async () => {
    const file = await window.mtlLab!.exportWeights('safetensors');
    return Array.from(file as Uint8Array);
  });
  expect(bytes.length).toBeGreaterThan(100);
  // The address bar holds the experiment, so a reload rebuilds the same model.
  await expect.poll(() => page.evaluate(() => window.mtlLab!.getLink())).toBe(page.url());

  // Forget the saved experiment, or the reload would restore the trained weights (issue 9).
  await page.evaluate(() => window.mtlLab!.clearSaved());
  await page.reload();
  await page.waitForFunction(() => window.mtlLab !== undefined);
  await page.evaluate(() => window.mtlLab!.ready());
  const fresh = await page.evaluate(() => window.mtlLab!.predict('test'));
  expect(fresh).not.toEqual(before);

  const refused = await page.evaluate(() =>
    window.mtlLab!.importWeights(new TextEncoder().encode('step,loss\n1,2\n')).then(
      () => 'accepted',
      (error: Error) => error.message,
    ),
  );
  expect(refused).toMatch(/text file/);
  expect(await page.evaluate(() => window.mtlLab!.predict('test'))).toEqual(fresh);

  await page.evaluate((data) => window.mtlLab!.importWeights(new Uint8Array(data)), bytes);
  const after = await page.evaluate(() => window.mtlLab!.predict('test'));
  expect(after.length).toBe(before.length);
  let worst = 0;
  after.forEach((row, i) =>
    row.forEach((v, t) => (worst = Math.max(worst, Math.abs(v - before[i][t])))),
  );
  expect(worst).toBeLessThanOrEqual(1e-6);

  // The TF.js pair loads too; the PyTorch script names the architecture.
  const tfjsOk = await page.evaluate(async () => {
    const files = await window.mtlLab!.exportWeights('tfjs');
    return window.mtlLab!.importWeights(files);
  });
  expect(tfjsOk).toEqual({ ok: true });
  const python = await page.evaluate(() => window.mtlLab!.exportPyTorch());
  expect(python).toMatch(/shared.bottom|SharedBottom/i);
});

test('a copied link opens the same experiment in a fresh browser context', async ({
  lab,
  page,
  browser,
}) => {
  await lab.open();
  await page.evaluate(
    (config) =>
      window.mtlLab!.setConfig({
        ...config,
        data: { ...config.data, rho: 0.3, seed: 11 },
        train: { ...config.train, weightSeed: 5 },
      }),
    SMALL_CONFIG,
  );
  const link = await page.evaluate(() => window.mtlLab!.getLink());
  const original = await lab.state();

  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction(() => window.mtlLab !== undefined);
  await other.evaluate(() => window.mtlLab!.ready());
  const opened = await other.evaluate(() => window.mtlLab!.getState());
  expect(opened.data).toEqual(original.data);
  expect(opened.testLoss).toEqual(original.testLoss);
  expect(opened.step).toBe(0);
  await context.close();
});

test('a link with unknown or broken fields opens with defaults and says so', async ({
  lab,
  page,
}) => {
  await lab.open('#v=1&T=2&rho=banana&colour=red');
  const notice = page.getByRole('status').filter({ hasText: 'could not be used' });
  await expect(notice).toContainText('rho');
  await expect(notice).toContainText('colour');
  expect((await page.evaluate(() => window.mtlLab!.getConfig())).data.tasks).toBe(2);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test('classroom links hide the chosen controls', async ({ lab, page }) => {
  await lab.open('#v=1&rho_hide=1&run-controls_hide=1');
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
  await expect(page.getByLabel('Task similarity ρ')).toHaveCount(0);
  await expect(page.getByRole('group', { name: 'Training', exact: true })).toHaveCount(0);
  // The classroom dialog itself: newcomer.spec.ts.
});
