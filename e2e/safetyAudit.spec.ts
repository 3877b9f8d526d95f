/**
 * The safety audit (issue 20, Deep Safe MTL): after training a DSMTL run, "Safety audit" trains
 * STL on three seeds and shows a verdict per task, the seed spread, and what DSMTL's guarantee is
 * and is not; training is paused while it runs, and a new run clears the audit.
 */
import { expect, SMALL_CONFIG, test } from './lab';

test('safety audit of a Deep Safe MTL run: a verdict per task against STL on three seeds', async ({
  lab,
}) => {
  const { page } = lab;
  await lab.open();
  await page.evaluate((config) => window.mtlLab!.setConfig(config), {
    ...SMALL_CONFIG,
    model: { architecture: 'dsmtl' as const, hidden: [8], tower: [4] },
  });
  await page.evaluate(() => window.mtlLab!.step(40));
  const micro = page.getByTestId('microscope');
  await micro.getByRole('button', { name: 'Safety audit' }).click();
  const audit = micro.getByTestId('safety-audit');
  await expect(audit).toBeVisible({ timeout: 60_000 });
  await expect(audit.getByRole('table')).toContainText(/Safety audit at step 40: \d of 2 tasks/);
  const rows = audit.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  for (let t = 0; t < 2; t++) {
    const cells = await rows.nth(t).getByRole('cell').allTextContents();
    expect(cells[0]).toBe('MSE ↓');
    expect(Number(cells[1])).toBeGreaterThan(0);
    expect(cells[2]).toMatch(/^\d+\.\d+ ± \d+\.\d+$/);
    expect(['safe', 'negative sharing']).toContain(cells[4]);
  }
  await expect(audit).toContainText('does not promise that training reaches that fit');
  await expect(audit).toContainText(/weight seeds \d+, \d+, \d+/);
  expect((await lab.state()).running).toBe(false);

  // A new run (another architecture) clears it.
  await page.evaluate(() => window.mtlLab!.setConfig({ model: { architecture: 'shared-bottom' } }));
  await expect(audit).toHaveCount(0);
});
