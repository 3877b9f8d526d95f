import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import { ARCHITECTURE_IDS } from '../config/schema';
import { tappedParams } from '../engines/tfjs/activationTap';
import { tfjsForward } from '../engines/tfjs/forward';
import { architectures } from '../model/registry';
import { mixedBatch, setup } from '../model/gradcheck.test.helpers';
import type { ModelState } from '../train/modelState';
import { computeNetworkView, computeNetworkViewFromWeights, type ViewModel } from './view';
import { gridPoints, type Plane } from './plane';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FEATURES = 5;

function featurePlane(a: number, b: number): Plane {
  return {
    kind: 'features',
    axes: [a, b],
    labels: [`x${a + 1}`, `x${b + 1}`],
    origin: [0.3, -0.2, 0.5, 0.1, -0.4],
    u: Array.from({ length: FEATURES }, (_, d) => (d === a ? 1 : 0)),
    v: Array.from({ length: FEATURES }, (_, d) => (d === b ? 1 : 0)),
    extent: [2, 1.5],
  };
}

function viewModel(model: ModelState): ViewModel {
  return { ...model, specs: model.specs, values: model.variables, arch: model.arch };
}

const SAMPLE = mixedBatch(9, FEATURES);
const sample = SAMPLE.x.dataSync() as Float32Array;

describe.each(ARCHITECTURE_IDS)('network view of %s', (id) => {
  test("the drawing matches the config's sizes and the forward's activations", () => {
    const { model, dims } = setup(id, FEATURES);
    const config = model.config;
    const drawing = architectures[id].drawing(config, dims);
    const byId = new Map(drawing.groups.map((g) => [g.id, g]));
    expect(byId.size).toBe(drawing.groups.length); // ids are unique
    expect(byId.get('input')?.units).toBe(FEATURES);
    const outputs = drawing.groups.filter((g) => g.kind === 'output');
    expect(outputs.map((g) => [g.task, g.units])).toEqual(dims.outputs.map((k, t) => [t, k]));
    const towers = drawing.groups.filter((g) => g.kind === 'tower');
    expect(towers.length).toBe(dims.tasks * config.tower.length);
    towers.forEach((g) => expect(g.units).toBe(config.tower[0]));
    const sizes = new Set([...config.hidden, config.embedDim]);
    drawing.groups
      .filter((g) => g.kind === 'hidden' || g.kind === 'expert')
      .forEach((g) => expect(sizes.has(g.units)).toBe(true));
    // Every group's activation exists in a forward and has its units on the last axis.
    const rows = 4;
    tf.tidy(() => {
      const plain: Record<string, tf.Tensor> = {};
      model.specs.forEach((s, i) => {
        plain[s.name] = s.shared ? tf.expandDims(model.variables[i], 0) : model.variables[i];
      });
      const { params, taps } = tappedParams(plain);
      const x = tf.randomNormal([1, rows, FEATURES], 0, 1, 'float32', 5) as tf.Tensor3D;
      tfjsForward(model.arch, params, x, config, dims);
      for (const g of drawing.groups) {
        if (g.kind === 'input') continue;
        const a = taps.get(g.tap);
        expect(a, `${g.id} reads ${g.tap}`).toBeDefined();
        if (!a) continue;
        const U = a.shape[a.rank - 1];
        expect(a.shape[a.rank - 2], g.id).toBe(rows);
        if (g.kind === 'output') expect(U).toBeGreaterThanOrEqual(g.units);
        else expect(U, g.id).toBe(g.units);
        expect(g.slot).toBeLessThan(a.size / (rows * U));
      }
    });
    // Dense edges join groups whose sizes are the kernel's.
    const shapes = new Map(model.specs.map((s) => [s.name, s.shape]));
    for (const e of drawing.edges) {
      expect(byId.has(e.from) && byId.has(e.to), `${e.from} -> ${e.to}`).toBe(true);
      if (e.weights.kind !== 'dense') continue;
      const shape = shapes.get(e.weights.param) ?? [];
      expect(shape.at(-2), e.weights.param).toBe(byId.get(e.from)?.units);
      const outW = shape.at(-1) ?? 0;
      if (byId.get(e.to)?.kind === 'output') expect(outW).toBeGreaterThanOrEqual(1);
      else expect(outW, e.weights.param).toBe(byId.get(e.to)?.units);
    }
    model.dispose();
  });

  test("the grid forward equals the model's forward on the same points (1e-6)", async () => {
    const { model, dims } = setup(id, FEATURES);
    const plane = featurePlane(0, 3);
    const grid = 6;
    const view = await computeNetworkView({
      model: viewModel(model),
      plane,
      grid,
      sample,
      sampleRows: 9,
      step: 0,
    });
    const x = tf.tensor2d(gridPoints(plane, grid), [grid * grid, FEATURES]);
    const expected = tf.tidy(() => model.forward(model.variables, x, false).outputs.arraySync());
    let worst = 0;
    dims.outputs.forEach((k, t) => {
      const thumb = view.thumbnails[`output/t${t}`];
      expect(thumb.length).toBe(k * grid * grid);
      for (let u = 0; u < k; u++) {
        for (let n = 0; n < grid * grid; n++) {
          worst = Math.max(worst, Math.abs(thumb[u * grid * grid + n] - expected[t][n][u]));
        }
      }
    });
    expect(worst).toBeLessThan(1e-6);
    // The inputs' thumbnails are the plane itself: x1 grows to the right, x4 upwards, x2 constant.
    const input = view.thumbnails.input;
    const cell = (u: number, r: number, c: number) => input[u * grid * grid + r * grid + c];
    expect(cell(0, 0, grid - 1) - cell(0, 0, 0)).toBeCloseTo(4, 5);
    expect(cell(3, 0, 0) - cell(3, grid - 1, 0)).toBeCloseTo(3, 5);
    expect(cell(1, 2, 4)).toBeCloseTo(-0.2, 6);
    // Gates: every expert gate's mean over the sample lies on the simplex; a task token's
    // attention to the features is at most 1 (the rest goes to its own token).
    Object.entries(view.gates).forEach(([gateId, g]) => {
      const sum = g.reduce((a, b) => a + b, 0);
      if (gateId.startsWith('attention')) expect(sum).toBeLessThanOrEqual(1 + 1e-6);
      // The sparse MoE's expert usage: each row is routed to exactly k experts.
      else if (gateId.startsWith('routing')) {
        expect(sum).toBeCloseTo(Math.min(model.config.moeK, model.config.experts), 5);
      } else expect(sum).toBeCloseTo(1, 5);
    });
    x.dispose();
    model.dispose();
  });
});

test("a unit that ignores the plane's features has a constant thumbnail", async () => {
  const { model } = setup('shared-bottom', FEATURES);
  const i = model.specs.findIndex((s) => s.name === 'trunk/0/kernel');
  const kernel = model.variables[i];
  // Unit 0 reads only features 2..4 (off the plane x1, x2); unit 1 keeps its weights.
  const mask = tf.tensor2d(
    Array.from({ length: FEATURES * 6 }, (_, k) => (k % 6 === 0 && Math.floor(k / 6) < 2 ? 0 : 1)),
    [FEATURES, 6],
  );
  tf.tidy(() => kernel.assign(tf.mul(kernel, mask)));
  // A high bias keeps unit 0 active everywhere (a dead ReLU would be constant for another reason).
  const bias = model.variables[model.specs.findIndex((s) => s.name === 'trunk/0/bias')];
  tf.tidy(() => bias.assign(tf.add(bias, tf.tensor1d([10, 0, 0, 0, 0, 0]))));
  const grid = 5;
  const view = await computeNetworkView({
    model: viewModel(model),
    plane: featurePlane(0, 1),
    grid,
    sample,
    sampleRows: 9,
    step: 0,
  });
  const thumb = view.thumbnails['trunk/0'];
  const unit = (u: number) => Array.from(thumb.subarray(u * grid * grid, (u + 1) * grid * grid));
  const spread = (v: number[]) => Math.max(...v) - Math.min(...v);
  expect(Math.min(...unit(0))).toBeGreaterThan(0);
  expect(spread(unit(0))).toBe(0);
  const varying = [1, 2, 3, 4, 5].map((u) => spread(unit(u)));
  expect(Math.max(...varying)).toBeGreaterThan(1e-3);
  mask.dispose();
  model.dispose();
});

test('a host-weight engine gets the same view as the tfjs trainer from its exported weights', async () => {
  const { model } = setup('mmoe', FEATURES);
  const args = { plane: featurePlane(2, 4), grid: 4, sample, sampleRows: 9, step: 3 };
  const direct = await computeNetworkView({ ...args, model: viewModel(model) });
  const weights = model.specs.map((s, i) => ({
    name: s.name,
    shape: s.shape,
    values: model.variables[i].dataSync() as Float32Array,
  }));
  const fromWeights = await computeNetworkViewFromWeights({
    ...args,
    model: { arch: model.arch, config: model.config, dims: model.dims, specs: model.specs },
    weights,
  });
  expect(fromWeights.edges).toEqual(direct.edges);
  expect(fromWeights.gates).toEqual(direct.gates);
  for (const id of Object.keys(direct.thumbnails)) {
    expect(Array.from(fromWeights.thumbnails[id])).toEqual(Array.from(direct.thumbnails[id]));
  }
  model.dispose();
});
