/**
 * A CSV with a price-like target (mean 200, sd 45): it trains on the standardised target, reports
 * metrics and predictions in the column's own units, and the exports keep the scaling, so a
 * re-import (safetensors, or TF.js model.json + weights.bin as two Files through the scripting
 * API) and the PyTorch script predict the same values.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { expect, test } from './lab';

/** 400 rows: three features, a price around 200 ± 45, and a unit-scale second target. */
function priceCsv(): string {
  const lines = ['a,b,c,price,score'];
  for (let r = 0; r < 400; r++) {
    const a = Math.sin(r * 0.37);
    const b = Math.cos(r * 0.11);
    const c = Math.sin(r * 0.05 + 1);
    const price = 200 + 45 * (0.9 * a + 0.4 * b - 0.3 * c);
    lines.push([a, b, c, price, a * b - c].map((v) => v.toFixed(4)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

const torchAvailable = (): boolean =>
  spawnSync('python3', ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;

test('a target of mean 200 trains standardised and reports in its own units; exports agree', async ({
  lab,
}, testInfo) => {
  await lab.open('?backend=wasm');
  const { page } = lab;
  const before = await lab.state();
  await page.getByLabel('Import your own CSV').setInputFiles({
    name: 'prices.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(priceCsv()),
  });
  const form = page.getByRole('form', { name: 'Map the columns of prices.csv' });
  await form.getByLabel('Role of column price').selectOption('task');
  await form.getByLabel('Role of column score').selectOption('task');
  await expect(form.getByLabel('Kind of task price')).toHaveValue('regression');
  await expect(form.getByLabel('Standardise the target price')).toBeChecked();
  await form.getByRole('button', { name: 'Import and train' }).click();
  await expect.poll(async () => (await lab.state()).dataVersion).toBe(before.dataVersion + 1);

  // Trained on the standardised scale: the price's loss is about 1, not about 200² = 40,000.
  const trained = await page.evaluate(() => window.mtlLab!.step(60));
  expect(trained.trainLoss[0]).toBeLessThan(3);

  // Predictions in the column's units.
  const predictions = await page.evaluate(() => window.mtlLab!.predict('test'));
  const prices = predictions.map((row) => row[0]);
  const mean = prices.reduce((a, b) => a + b, 0) / prices.length;
  expect(mean).toBeGreaterThan(150);
  expect(mean).toBeLessThan(250);

  // Metrics in the column's units: the mean predictor's MSE is about 45² on the price.
  const micro = page.getByTestId('microscope');
  await micro.getByRole('button', { name: 'Evaluate' }).click();
  const table = micro.getByRole('table', { name: /Regression tasks/ });
  const headings = await table.getByRole('columnheader').allTextContents();
  const priceRow = await table
    .getByRole('row', { name: /price/ })
    .getByRole('cell')
    .allTextContents();
  const meanMse = Number(priceRow[headings.indexOf('MSE of mean') - 1]);
  expect(meanMse).toBeGreaterThan(500);
  expect(meanMse).toBeLessThan(5000);

  // Re-import: safetensors bytes, then TF.js model.json + weights.bin as two Files.
  const same = await page.evaluate(async () => {
    const api = window.mtlLab!;
    const reference = await api.predict('test');
    const bytes = (await api.exportWeights('safetensors')) as Uint8Array;
    await api.importWeights(bytes);
    const afterSafetensors = await api.predict('test');
    const tfjs = (await api.exportWeights('tfjs')) as { modelJson: string; weights: Uint8Array };
    const files = [
      new File([tfjs.modelJson], 'model.json', { type: 'application/json' }),
      new File([new Uint8Array(tfjs.weights)], 'weights.bin', { type: 'application/octet-stream' }),
    ];
    const outcome = await api.importWeights(files);
    const afterTfjs = await api.predict('test');
    return {
      outcome,
      safetensors: JSON.stringify(afterSafetensors) === JSON.stringify(reference),
      tfjs: JSON.stringify(afterTfjs) === JSON.stringify(reference),
    };
  });
  expect(same).toEqual({ outcome: { ok: true }, safetensors: true, tfjs: true });

  // The PyTorch script predicts the same prices from the same files.
  test.skip(!torchAvailable(), 'PyTorch is not installed here');
  const files = await page.evaluate(async () => {
    const api = window.mtlLab!;
    const weights = (await api.exportWeights('safetensors')) as Uint8Array;
    return {
      script: await api.exportPyTorch(),
      weights: Array.from(weights),
      csv: await api.exportDataset(),
      lab: await api.predict('test'),
    };
  });
  const script = testInfo.outputPath('model.py');
  const weights = testInfo.outputPath('model.safetensors');
  const csv = testInfo.outputPath('data.csv');
  writeFileSync(script, files.script);
  writeFileSync(weights, Uint8Array.from(files.weights));
  writeFileSync(csv, files.csv);
  const run = spawnSync(
    'python3',
    [script, 'predict', '--weights', weights, '--data', csv, '--split', 'test', '--out', '-'],
    { encoding: 'utf8' },
  );
  expect(run.stderr).toBe('');
  const rows = run.stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  expect(rows).toHaveLength(files.lab.length);
  const worst = Math.max(...rows.map((row, r) => Math.abs(row[0] - files.lab[r][0])));
  expect(worst).toBeLessThan(1e-3);
});
