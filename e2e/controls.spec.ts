import { expect, SMALL_CONFIG, test } from './lab';

test.describe('controls', () => {
  test('moving the ρ slider regenerates the data and resets the run', async ({ lab }) => {
    await lab.open();
    const { page } = lab;
    await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    await page.evaluate(() => window.mtlLab!.step(10));
    const before = await lab.state();
    expect(before.step).toBe(10);
    const statsBefore = await page.getByTestId('data-stats').innerText();

    const slider = page.getByRole('slider', { name: 'Task similarity ρ' });
    await slider.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
    await expect(slider).toHaveValue('0.2');

    await expect.poll(async () => (await lab.state()).dataVersion).toBe(before.dataVersion + 1);
    const after = await lab.state();
    expect(after.step).toBe(0);
    expect(after.runId).toBeGreaterThan(before.runId);
    expect((await page.evaluate(() => window.mtlLab!.getConfig())).data.rho).toBeCloseTo(0.2);
    expect(after.data?.labelMean).not.toEqual(before.data?.labelMean);
    await expect(page.getByTestId('data-stats')).not.toHaveText(statsBefore);
    await expect(page.getByTestId('step-count')).toHaveText('0');
  });

  // Backend-independent UI checks run on wasm: SwiftShader's shader compiles cost ~10 s per page.
  test('an invalid value shows the message and keeps the previous dataset', async ({ lab }) => {
    await lab.open('?backend=wasm');
    const { page } = lab;
    await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const before = await lab.state();

    await page.getByLabel('Features (D)').fill('1');
    const message = page
      .getByRole('alert')
      .filter({ hasText: 'at least as many features as tasks' });
    await expect(message).toBeVisible();
    await expect(page.getByLabel('Features (D)')).toHaveAttribute('aria-invalid', 'true');
    await page.waitForTimeout(600);
    const after = await lab.state();
    expect(after.dataVersion).toBe(before.dataVersion);
    expect(after.runId).toBe(before.runId);
    expect((await page.evaluate(() => window.mtlLab!.getConfig())).data.features).toBe(6);

    const rejection = await page.evaluate(() =>
      window.mtlLab!.setConfig({ data: { features: 1 } }).then(
        () => 'resolved',
        (error: Error) => error.message,
      ),
    );
    expect(rejection).toContain('data.features: needs at least as many features as tasks');

    await page.getByLabel('Features (D)').fill('8');
    await expect(message).toHaveCount(0);
    await expect.poll(async () => (await lab.state()).dataVersion).toBe(before.dataVersion + 1);
  });

  test('step and reset from the keyboard', async ({ lab }) => {
    await lab.open('?backend=wasm');
    const { page } = lab;
    await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const stepButton = page.getByRole('button', { name: 'Step' });
    await stepButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await lab.state()).step).toBe(1);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Reset' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await lab.state()).step).toBe(0);
  });
});
