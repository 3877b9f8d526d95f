/** Several runs on the same data from the same initial weights, trained in lockstep. */
import { SMALL_CONFIG, expect, test } from './lab';

test('EW vs PCGrad vs STL: same start, lockstep steps, one results table', async ({
  lab,
  page,
}) => {
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
  const started = await page.evaluate(() =>
    window.mtlLab!.compare([
      { label: 'EW', method: 'ew' },
      { label: 'PCGrad', method: 'pcgrad' },
      { label: 'STL', architecture: 'stl', method: 'ew' },
    ]),
  );
  expect(started.labels).toEqual(['EW', 'PCGrad', 'STL']);
  // Same architecture and weight seed: identical initial weights, so identical initial test loss.
  expect(started.testLoss[1]).toEqual(started.testLoss[0]);
  expect(started.steps).toEqual([0, 0, 0]);

  const stepped = await page.evaluate(() => window.mtlLab!.compareStep(6));
  expect(stepped.steps).toEqual([6, 6, 6]);
  expect(stepped.trainLoss.flat().every(Number.isFinite)).toBe(true);

  // The link carries the runs.
  expect(await page.evaluate(() => window.mtlLab!.getLink())).toMatch(/r1\.m=pcgrad/);

  const panel = page.locator('details.compare-panel');
  if (!(await panel.evaluate((el: HTMLDetailsElement) => el.open))) {
    await panel.locator('summary').click();
  }
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  const table = panel.getByRole('table');
  await expect(table).toContainText('Δm');
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row', { name: /STL/ })).toContainText('0.00');

  await panel.getByRole('button', { name: 'Restart PCGrad' }).click();
  await expect
    .poll(() => page.evaluate(() => window.mtlLab!.compareState().then((s) => s.steps)))
    .toEqual([6, 0, 6]);
});
