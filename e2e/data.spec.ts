/**
 * Data studio end to end: the pairwise similarity editor drives the realised heatmaps, a CSV with
 * a regression and a binary task is imported and trained on, and a broken CSV is refused with
 * its row and column while the loaded data stays. Real WebGPU (SwiftShader); few steps.
 */
import AxeBuilder from '@axe-core/playwright';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, SMALL_CONFIG, test } from './lab';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The value a heatmap cell announces ("task_0 and task_1: -0.80" -> -0.8). */
async function cellValue(page: Page, heatmap: string, row: string, col: string): Promise<number> {
  const cell = page.getByTestId(heatmap).getByRole('img', { name: `${row} and ${col}:` });
  const name = (await cell.getAttribute('aria-label')) ?? '';
  return Number(name.slice(name.lastIndexOf(':') + 1));
}

test.describe('data studio', () => {
  test('a pair slider at -0.8 makes the realised similarity follow', async ({ lab }) => {
    await lab.open('?backend=webgpu');
    const { page } = lab;
    await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const before = await lab.state();
    expect(await cellValue(page, 'heatmap-weight-cosines', 'task_0', 'task_1')).toBeCloseTo(0.5);

    const slider = page.getByRole('slider', { name: 'Similarity of task_0 and task_1' });
    await slider.fill('-0.8');
    await expect(slider).toHaveAttribute('aria-valuetext', '-0.80');
    await expect.poll(async () => (await lab.state()).dataVersion).toBe(before.dataVersion + 1);
    await expect
      .poll(() => cellValue(page, 'heatmap-weight-cosines', 'task_0', 'task_1'))
      .toBeLessThan(-0.6);
    expect(await cellValue(page, 'heatmap-requested', 'task_1', 'task_0')).toBeCloseTo(-0.8);
    expect(await cellValue(page, 'heatmap-label-correlation', 'task_0', 'task_1')).toBeLessThan(
      -0.6,
    );
    const config = await page.evaluate(() => window.mtlLab!.getConfig());
    expect(config.data.correlation).toEqual([
      [1, -0.8],
      [-0.8, 1],
    ]);

    // The rho shortcut resets the matrix to equicorrelation.
    await page.getByRole('slider', { name: 'Task similarity ρ' }).fill('0.3');
    await expect(slider).toHaveAttribute('aria-valuetext', '0.30');
    await expect
      .poll(async () => (await page.evaluate(() => window.mtlLab!.getConfig())).data.correlation)
      .toBeNull();
  });

  test('import a CSV with a regression and a binary task, train on it, go back', async ({
    lab,
  }, testInfo) => {
    await lab.open('?backend=webgpu');
    const { page } = lab;
    await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const before = await lab.state();

    await page.getByLabel('Import your own CSV').setInputFiles(fixture('two-tasks.csv'));
    const form = page.getByRole('form', { name: 'Map the columns of two-tasks.csv' });
    await expect(form).toBeVisible();
    await expect(form.getByLabel('Kind of task task_0')).toHaveValue('regression');
    await expect(form.getByLabel('Kind of task task_1')).toHaveValue('binary');
    await expect(form.getByLabel('Standardize features (train mean and std)')).toBeChecked();
    await page
      .locator('section[aria-labelledby="data-source-title"]')
      .screenshot({ path: testInfo.outputPath('mapping-step.png') });
    await form.getByRole('button', { name: 'Import and train' }).click();

    await expect(page.getByTestId('data-source')).toContainText(
      'Imported: two-tasks.csv (300 rows, 4 features, 2 tasks)',
    );
    await expect.poll(async () => (await lab.state()).dataVersion).toBe(before.dataVersion + 1);
    const imported = await lab.state();
    expect(imported.backend).toBe('webgpu');
    expect(imported.data?.features).toBe(4);
    expect(imported.data?.trainRows).toBe(210);
    expect(imported.data?.tasks.map((t) => t.kind)).toEqual(['regression', 'binary']);
    await expect(page.getByTestId('split-rows')).toContainText('Train 210 rows, test 90 rows');

    const first = await page.evaluate(() => window.mtlLab!.step(3));
    const later = await page.evaluate(() => window.mtlLab!.step(60));
    for (let t = 0; t < 2; t++) expect(later.trainLoss[t]).toBeLessThan(first.trainLoss[t]);
    const csv = await page.evaluate(() => window.mtlLab!.exportDataset());
    expect(csv.split('\n')[0]).toBe('x_0,x_1,x_2,x_3,task_0,task_1,split');
    expect(csv.trim().split('\n')).toHaveLength(301);

    // A model change keeps the imported table; the button goes back to the generator.
    await page.evaluate(() => window.mtlLab!.setConfig({ train: { learningRate: 0.02 } }));
    expect((await lab.state()).data?.features).toBe(4);
    await page.getByRole('button', { name: 'Back to generated data' }).click();
    await expect(page.getByTestId('data-source')).toContainText('Generated data');
    await expect.poll(async () => (await lab.state()).data?.features).toBe(6);
  });

  test('a broken CSV names its row and column, and the data stays', async ({ lab }) => {
    await lab.open('?backend=webgpu');
    const { page } = lab;
    await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
    const before = await lab.state();
    const statsBefore = await page.getByTestId('data-stats').innerText();
    const input = page.getByLabel('Import your own CSV');

    await input.setInputFiles(fixture('broken-cell.csv'));
    await page.getByRole('button', { name: 'Import and train' }).click();
    const error = page.getByTestId('import-error');
    await expect(error).toContainText('row 7, column "x_2": "n/a" is not a number');
    await expect(error).toContainText('the current data is kept');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await input.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
    await expect(error).toContainText('the file is empty');
    await input.setInputFiles({
      name: 'ragged.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x_0,x_1,task_0\n1,2,3\n4,5\n'),
    });
    await expect(error).toContainText('row 3, column "task_0"');

    const after = await lab.state();
    expect(after.dataVersion).toBe(before.dataVersion);
    expect(after.runId).toBe(before.runId);
    expect(after.data).toEqual(before.data);
    expect(await page.getByTestId('data-stats').innerText()).toBe(statsBefore);
    await expect(page.getByTestId('data-source')).toContainText('Generated data');
  });

  test('layout and accessibility at desktop and tablet sizes', async ({ lab }, testInfo) => {
    await lab.open('?backend=wasm');
    const { page } = lab;
    await page.evaluate(() =>
      window.mtlLab!.setConfig({
        data: {
          tasks: 3,
          samples: 1200,
          taskSpecs: [
            { degree: 1, noise: 0.05, kind: 'binary' },
            { degree: 2, noise: 0.05 },
            { degree: 1, noise: 0.05, kind: 'multiclass', classes: 3 },
          ],
        },
      }),
    );
    await page.getByRole('slider', { name: 'Similarity of task_0 and task_1' }).fill('-0.9');
    await page.getByRole('slider', { name: 'Similarity of task_0 and task_2' }).fill('-0.9');
    await expect(page.getByTestId('psd-warning')).toContainText('cannot all hold at once');
    await page.evaluate(() => window.mtlLab!.step(10));
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
    ).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('data-studio-1280.png'), fullPage: true });
    await page
      .locator('section[aria-labelledby="data-panel-title"]')
      .screenshot({ path: testInfo.outputPath('data-panel-1280.png') });
    await page
      .locator('section[aria-labelledby="dataset-view-title"]')
      .screenshot({ path: testInfo.outputPath('dataset-view-1280.png') });
    await page.setViewportSize({ width: 820, height: 1180 });
    // Tablets show one detailed section at a time: the nav's "Data studio" shows this one.
    await page
      .getByRole('navigation', { name: 'Detailed panels' })
      .getByRole('button', { name: 'Data studio' })
      .click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: testInfo.outputPath('data-studio-820.png'), fullPage: true });
    await page.getByRole('button', { name: 'Use the nearest valid matrix' }).click();
    await expect(page.getByTestId('psd-warning')).toHaveCount(0);
  });
});
