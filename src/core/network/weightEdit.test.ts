import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import { ARCHITECTURE_IDS } from '../config/schema';
import { setup } from '../model/gradcheck.test.helpers';
import { computeNetworkViewFromWeights } from './view';
import { editWeight } from './weightEdit';
import { unitPlane } from './network.test.helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FEATURES = 5;
const plane = unitPlane(FEATURES);
const sample = new Float32Array(2 * FEATURES).fill(0.5);

describe.each(ARCHITECTURE_IDS)('editing a drawn weight of %s', (id) => {
  test('changes exactly the link the view draws there, and nothing else', async () => {
    const { model, dims, lossFns } = setup(id, FEATURES);
    const drawing = model.arch.drawing(model.config, dims);
    const weights = model.specs.map((s, i) => ({
      name: s.name,
      shape: s.shape,
      values: model.variables[i].dataSync() as Float32Array,
    }));
    const spec = { arch: model.arch, config: model.config, dims, specs: model.specs };
    const args = { plane, grid: 2, sample, sampleRows: 2, step: 0, model: spec };
    const before = await computeNetworkViewFromWeights({ ...args, weights });
    const units = (g: string) => drawing.groups.find((d) => d.id === g)?.units ?? 0;
    let edited = 0;
    for (const [k, e] of drawing.edges.entries()) {
      if (e.weights.kind === 'gate') {
        expect(() =>
          editWeight(weights, drawing, {
            edge: k,
            from: e.from,
            to: e.to,
            fromUnit: 0,
            toUnit: 0,
            value: 1,
          }),
        ).toThrow(/gate band/);
        continue;
      }
      const scalar = e.weights.kind === 'scalar';
      const i = scalar ? 0 : units(e.from) - 1;
      const j = scalar ? 0 : units(e.to) - 1;
      const request = { edge: k, from: e.from, to: e.to, fromUnit: i, toUnit: j, value: 0.777 };
      const result = editWeight(weights, drawing, request);
      const after = await computeNetworkViewFromWeights({ ...args, weights: result.weights });
      const at = scalar ? 0 : i * units(e.to) + j;
      expect(after.edges[k].weights[at], `${e.from} -> ${e.to}`).toBeCloseTo(0.777, 6);
      expect(result.before).toBeCloseTo(before.edges[k].weights[at], 6);
      // Every other drawn weight is as it was (gate bands are gate means over the data: they move).
      const changed = after.edges.flatMap((a, n) =>
        a.kind === 'gate'
          ? []
          : a.weights.flatMap((w, m) => (w !== before.edges[n].weights[m] ? [[n, m]] : [])),
      );
      expect(changed).toContainEqual([k, at]);
      expect(changed.every(([n, m]) => n === k && m === at)).toBe(true);
      edited++;
    }
    expect(edited).toBeGreaterThan(0);
    lossFns.dispose();
    model.dispose();
  });
});

test('a bad edit says what is wrong and changes nothing', () => {
  const { model, dims, lossFns } = setup('shared-bottom', FEATURES);
  const drawing = model.arch.drawing(model.config, dims);
  const weights = model.specs.map((s, i) => ({
    name: s.name,
    shape: s.shape,
    values: model.variables[i].dataSync() as Float32Array,
  }));
  const e = drawing.edges[0];
  const ok = { edge: 0, from: e.from, to: e.to, fromUnit: 0, toUnit: 0, value: 0.5 };
  expect(() => editWeight(weights, drawing, { ...ok, value: Number.NaN })).toThrow(
    /number between/,
  );
  expect(() => editWeight(weights, drawing, { ...ok, value: 5000 })).toThrow(/number between/);
  expect(() => editWeight(weights, drawing, { ...ok, to: 'elsewhere' })).toThrow(/network changed/);
  expect(() => editWeight(weights, drawing, { ...ok, fromUnit: 99 })).toThrow(
    /no link from unit 100/,
  );
  const copy = weights.map((w) => Array.from(w.values));
  editWeight(weights, drawing, ok);
  expect(weights.map((w) => Array.from(w.values))).toEqual(copy);
  lossFns.dispose();
  model.dispose();
});
