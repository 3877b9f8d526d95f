import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import { ARCHITECTURE_IDS } from '../config/schema';
import { architectures } from './registry';
import {
  mixedBatch,
  replicatedGradients,
  separateGradients,
  setup,
} from './gradcheck.test.helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ready = ARCHITECTURE_IDS.filter((id) => architectures[id]);

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

describe.each(ready)('architecture %s', (id) => {
  test('replicated per-task gradients equal T separate backwards', () => {
    const { model, lossFns } = setup(id);
    const batch = mixedBatch(12, 5);
    const rep = replicatedGradients(model, lossFns, batch);
    const sep = separateGradients(model, lossFns, batch);
    const scale = Math.max(1, ...sep.jacobian.flat().map(Math.abs));
    if (model.sharedSize > 0) {
      sep.jacobian.forEach((row, t) =>
        expect(maxAbsDiff(rep.jacobian[t], row)).toBeLessThan(1e-5 * scale),
      );
      // Every task must reach the shared parameters (otherwise the check above is vacuous).
      sep.jacobian.forEach((row) => expect(Math.max(...row.map(Math.abs))).toBeGreaterThan(0));
    }
    rep.heads.forEach((h, j) => expect(maxAbsDiff(h, sep.heads[j])).toBeLessThan(1e-5 * scale));
    tf.dispose([batch.x, batch.y, batch.mask]);
    model.dispose();
    lossFns.dispose();
  });

  test('plain and replicated forwards agree; gates on the simplex', () => {
    const { model, lossFns, dims } = setup(id);
    const batch = mixedBatch(7, 5);
    tf.tidy(() => {
      const plain = model.forward(model.variables, batch.x, false);
      const tiled = model.variables.map((v, i) =>
        model.specs[i].shared ? tf.tile(tf.expandDims(v, 0), [3, ...v.shape.map(() => 1)]) : v,
      );
      const rep = model.forward(tiled, batch.x, true);
      expect(plain.outputs.shape).toEqual([3, 7, 3]);
      expect(
        maxAbsDiff(Array.from(plain.outputs.dataSync()), Array.from(rep.outputs.dataSync())),
      ).toBeLessThan(1e-5);
      if (plain.gates) {
        expect(plain.gates.shape[0]).toBe(3);
        (plain.gates.arraySync() as number[][]).forEach((row) => {
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          // Top-k routing may leave an expert unused by a task's rows (weight exactly 0).
          const least = id === 'sparse-moe' ? 0 : Number.MIN_VALUE;
          row.forEach((g) => expect(g).toBeGreaterThanOrEqual(least));
        });
      }
      if (plain.attention) expect(plain.attention.shape).toEqual([3, dims.features]);
    });
    tf.dispose([batch.x, batch.y, batch.mask]);
    model.dispose();
    lossFns.dispose();
  });
});

test('initial weights depend only on the seed', () => {
  const a = setup('shared-bottom', 5, 11).model;
  const b = setup('shared-bottom', 5, 11).model;
  const c = setup('shared-bottom', 5, 12).model;
  const flat = (m: typeof a) => m.variables.flatMap((v) => Array.from(v.dataSync()));
  expect(flat(a)).toEqual(flat(b));
  expect(flat(a)).not.toEqual(flat(c));
  // Fixed values pin the generator, so weights are the same on every machine and release.
  expect(
    flat(a)
      .slice(0, 3)
      .map((v) => Number(v.toFixed(5))),
  ).toMatchSnapshot();
  [a, b, c].forEach((m) => m.dispose());
});
