/** The initialisation is a model option: the select changes the run and the link; its lesson runs. */
import { SMALL_CONFIG, expect, test } from './lab';

test('the Initialisation select changes the initial function and the link', async ({
  lab,
  page,
}) => {
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
  const torch = await page.evaluate(() => window.mtlLab!.step(1));
  expect(torch.initialSpread).toHaveLength(2);
  // On this small net (6 features) PyTorch's start varies by about 0.1; He-normal's by far more.
  expect(Math.max(...torch.initialSpread)).toBeLessThan(0.2);
  expect(await page.evaluate(() => window.mtlLab!.getLink())).not.toMatch(/init=/);

  const select = page.getByLabel('Initialisation', { exact: true });
  await expect(select).toHaveValue('pytorch');
  await expect(page.locator('.init-explanation')).toContainText('PyTorch');
  const runId = torch.runId;
  await select.selectOption('he-normal');
  await expect
    .poll(() => page.evaluate(() => window.mtlLab!.getState().then((s) => s.runId)))
    .toBeGreaterThan(runId);
  expect((await page.evaluate(() => window.mtlLab!.getConfig())).model.init).toBe('he-normal');
  await expect.poll(() => page.evaluate(() => window.mtlLab!.getLink())).toMatch(/&init=he-normal/);
  const he = await page.evaluate(() => window.mtlLab!.step(1));
  expect(Math.max(...he.initialSpread)).toBeGreaterThan(3 * Math.max(...torch.initialSpread));
});

test('an old (v1) link keeps he-normal and says so once', async ({ lab, page }) => {
  await lab.open('#v=1&T=2&D=6&rho=0.5&deg=1,1&noise=0.01,0.01');
  expect((await page.evaluate(() => window.mtlLab!.getConfig())).model.init).toBe('he-normal');
  await expect(page.locator('.link-notes')).toContainText('he-normal');
  await expect
    .poll(() => page.evaluate(() => window.mtlLab!.getLink()))
    .toMatch(/v=2&.*init=he-normal/);
});

test('the lesson "Where training starts" runs PyTorch and He-normal starts side by side', async ({
  lab,
  page,
}) => {
  await lab.open();
  const lessons = page.locator('details.lesson-panel');
  if (!(await lessons.evaluate((el: HTMLDetailsElement) => el.open))) {
    await lessons.locator('summary').click();
  }
  await lessons.getByLabel('Lesson').selectOption('initialisation');
  await expect(lessons).toContainText('Where training starts');
  await expect
    .poll(() => page.evaluate(() => window.mtlLab!.compareState().then((s) => s.labels)))
    .toEqual(['PyTorch init', 'He-normal init', 'STL (PyTorch init)']);
  // The lesson starts its comparison after applying its config; wait until the runs exist.
  await expect
    .poll(() => page.evaluate(() => window.mtlLab!.compareState().then((s) => s.steps)))
    .toEqual([0, 0, 0]);
  const stepped = await page.evaluate(() => window.mtlLab!.compareStep(3));
  expect(stepped.steps).toEqual([3, 3, 3]);
  expect(stepped.trainLoss.flat().every(Number.isFinite)).toBe(true);
  expect(await page.evaluate(() => window.mtlLab!.getLink())).toMatch(/r1\.init=he-normal/);
});
