/**
 * A switched-off input (model.inputsOff) is invisible to the network on every engine: changing
 * its values changes no prediction and no network-view thumbnail, while the same change on a
 * feature that is on does. Validation refuses an index the data lacks with a message, and the
 * link carries the list.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../engines/tfjs/backend';
import { validateConfig } from '../config/validate';
import { decodeLink, encodeLink } from '../io/link';
import { datasetFor, smallConfig } from '../train/testing';
import { createTrainer } from '../train/trainer';
import { inputsOffErrors, switchOffFeatures } from './featuresOff';
import type { Split } from './types';

const D = 6;
const OFF = 2;
const G = 5;

afterAll(async () => {
  await selectBackend('cpu');
});

/** The test split with column `c` replaced by large, varied values. */
function shifted(split: Split, c: number): Split {
  const x = Float32Array.from(split.x);
  for (let r = 0; r < split.rows; r++) x[r * D + c] = 3 * Math.sin(r) + 2;
  return { ...split, x };
}

const maxDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

describe.each(['cpu', 'wasm-fused'] as const)('on %s', (backend) => {
  test('a switched-off feature changes no prediction; one that is on does', async () => {
    await selectBackend(backend);
    const config = smallConfig(
      { features: D, samples: 400, tasks: 2 },
      { architecture: 'mmoe', hidden: [8], tower: [4], experts: 2, inputsOff: [OFF] },
      { learningRate: 0.02, batchSize: 32 },
    );
    const dataset = datasetFor(config);
    const trainer = await createTrainer({ config, dataset });
    expect(backend === 'cpu' || 'memoryBytes' in trainer).toBe(true);
    await trainer.train(30);
    const base = await trainer.predict(dataset.test);
    expect(maxDiff(base, await trainer.predict(shifted(dataset.test, OFF)))).toBe(0);
    expect(maxDiff(base, await trainer.predict(shifted(dataset.test, 0)))).toBeGreaterThan(1e-3);
    // Training, evaluation and the stored splits see the column at its mean, 0.
    expect(maxDiff(base, await trainer.predict('test'))).toBe(0);

    // The network view's grid along the switched-off feature: every thumbnail is flat along it
    // (s runs along the columns), and along a feature that is on the outputs are not.
    const spread = async (axes: [number, number]) => {
      const view = await trainer.networkView({ kind: 'features', axes }, G);
      let widest = 0;
      for (const values of Object.values(view.thumbnails)) {
        for (let row = 0; row < values.length; row += G) {
          const line = Array.from(values.subarray(row, row + G));
          widest = Math.max(widest, Math.max(...line) - Math.min(...line));
        }
      }
      return widest;
    };
    expect(await spread([OFF, 0])).toBeLessThan(1e-6);
    // The view says which inputs the network saw at 0 (getNetworkView's inputsOff).
    expect(
      (await trainer.networkView({ kind: 'features', axes: [0, 1] }, G)).plane.inputsOff,
    ).toEqual([OFF]);
    expect(await spread([1, 0])).toBeGreaterThan(1e-3);
    trainer.dispose();
  });
});

test('switching off zeroes only those columns and leaves the dataset given untouched', () => {
  const dataset = datasetFor(smallConfig({ features: D, samples: 200 }));
  const seen = switchOffFeatures(dataset, [1, 4]);
  for (let r = 0; r < dataset.train.rows; r++) {
    for (let c = 0; c < D; c++) {
      const value = seen.train.x[r * D + c];
      expect(value).toBe(c === 1 || c === 4 ? 0 : dataset.train.x[r * D + c]);
    }
  }
  expect(dataset.train.x.some((v, i) => i % D === 1 && v !== 0)).toBe(true);
  expect(switchOffFeatures(dataset, [])).toBe(dataset);
});

test('an index the data lacks is refused with a message that says what to do', () => {
  expect(inputsOffErrors([1, 7, 9], 8)).toEqual([
    'model.inputsOff: switches off x10, but the data has only 8 features (x1 to x8); switch it back on or use data with more features.',
  ]);
  expect(inputsOffErrors([0, 7], 8)).toEqual([]);
  const dataset = datasetFor(smallConfig({ features: D }));
  expect(() => switchOffFeatures(dataset, [D])).toThrow(/switches off x7/);

  const twice = smallConfig({}, { inputsOff: [3, 3] });
  const refused = validateConfig(twice);
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.errors.join(' ')).toMatch(/inputsOff.*lists a feature twice/);
  const negative = validateConfig(smallConfig({}, { inputsOff: [-1] }));
  expect(negative.ok).toBe(false);
  expect(validateConfig(smallConfig({}, { inputsOff: [0, 5] })).ok).toBe(true);
});

test('the link carries the switched-off features and leaves them out when none is off', () => {
  const config = smallConfig({}, { inputsOff: [5, 0, 11] });
  const text = encodeLink({ config });
  expect(text).toContain('off=5,0,11');
  expect(decodeLink(text).state.config.model.inputsOff).toEqual([5, 0, 11]);
  expect(encodeLink({ config: smallConfig() })).not.toContain('off=');
  const bad = decodeLink(`${encodeLink({ config: smallConfig() })}&off=2,2`);
  expect(bad.state.config.model.inputsOff).toEqual([]);
  expect(bad.ignored.join(' ')).toMatch(/off/);
});
