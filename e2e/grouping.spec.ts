/** Task grouping (TAG affinity, STG-MTL data maps, training the suggestion) and sweeps. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMALL_CONFIG, expect, test } from './lab';

const THREE_TASKS = {
  ...SMALL_CONFIG,
  data: {
    ...SMALL_CONFIG.data,
    tasks: 3,
    taskSpecs: [...SMALL_CONFIG.data.taskSpecs, { degree: 1, noise: 0.01 }],
  },
};

test('affinity heatmap and data maps render while training; the suggested grouping fills the results table', async ({
  lab,
  page,
}) => {
  // The CPU backend keeps this cheap (SwiftShader compiles the lookahead's extra programs slowly).
  await lab.open('?backend=cpu');
  await page.evaluate((config) => window.mtlLab!.setConfig(config), THREE_TASKS);
  const panel = page.locator('details.grouping-panel');
  await panel.locator('summary').click();
  await panel.getByLabel('Measure task affinity (TAG)').check();
  await expect(panel.getByLabel('every')).toHaveValue('5');
  await panel.getByLabel('Record data maps (STG-MTL)').check();
  // Between training chunks (the panel polls the worker once a second while it measures).
  await page.evaluate(() => window.mtlLab!.step(12));
  await expect(panel.getByTestId('affinity-heatmap')).toBeVisible();
  await page.evaluate(() => window.mtlLab!.step(12));
  await expect(panel.getByTestId('data-map')).toHaveCount(3);
  await expect(panel.getByTestId('membership-heatmap')).toBeVisible();

  const affinity = await page.evaluate(() => window.mtlLab!.getAffinity());
  expect(affinity!.count).toBeGreaterThan(1);
  expect(affinity!.mean.flat().every(Number.isFinite)).toBe(true);
  const maps = await page.evaluate(() => window.mtlLab!.getDataMaps());
  expect(maps!.maps.map((m) => m.confidence.length)).toEqual([560, 560, 560]);

  await panel.getByRole('button', { name: "Train TAG's grouping" }).click();
  const compare = page.locator('details.compare-panel');
  const table = compare.getByRole('table').last();
  await expect(table.getByRole('row', { name: /TAG groups/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /All tasks together/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /Single-task/ })).toContainText('0.00');
  await expect(table).toContainText('Δm');
  expect(lab.errors).toEqual([]);
});

test('a 3 × 2 sweep shows progress, resumes after a reload, draws bands and exports the CLI’s table', async ({
  lab,
  page,
}) => {
  test.setTimeout(300_000);
  await lab.open('?backend=cpu');
  await page.evaluate((config) => window.mtlLab!.setConfig(config), SMALL_CONFIG);
  const config = await page.evaluate(() => window.mtlLab!.getConfig());
  const panel = page.locator('details.sweep-panel');
  await panel.locator('summary').click();
  await panel.getByLabel('values').fill('0, 0.5, 0.9');
  await panel.getByLabel('Seeds').fill('1, 2');
  await panel.getByLabel('Steps per run').fill('20');
  await panel.getByRole('button', { name: 'Run sweep' }).click();
  const progress = panel.getByTestId('sweep-progress');
  await expect(progress).toContainText(/Running: [2-5] of 6 runs/);
  await expect(progress).toContainText('s left');

  await page.reload();
  await page.waitForFunction(() => window.mtlLab !== undefined);
  await page.locator('details.sweep-panel summary').click();
  await expect(progress).toContainText('Done: 6 of 6 runs', { timeout: 120_000 });
  await expect(panel.getByTestId('sweep-band')).toHaveCount(1);
  await expect(panel.getByTestId('sweep-chart').locator('circle')).toHaveCount(3);
  const compareRows = page
    .locator('details.compare-panel')
    .getByRole('row', { name: /sweep rho=/ });
  await expect(compareRows).toHaveCount(3);

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Sweep table (CSV)' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.trim().split('\n')).toHaveLength(7);

  // The CLI on the same grid, seeds and config writes the very same table.
  const dir = mkdtempSync(join(tmpdir(), 'mtl-sweep-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  const cli = execFileSync(
    'npx',
    [
      'tsx',
      'src/cli/main.ts',
      'sweep',
      '--config',
      join(dir, 'config.json'),
      '--field',
      'rho',
      '--values',
      '0,0.5,0.9',
      '--seeds',
      '1,2',
      '--steps',
      '20',
    ],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  expect(csv).toBe(cli);
  expect(lab.errors).toEqual([]);
});
