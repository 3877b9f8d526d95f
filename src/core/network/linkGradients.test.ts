import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import { ARCHITECTURE_IDS } from '../config/schema';
import { MIXED_TASKS, mixedBatch, setup } from '../model/gradcheck.test.helpers';
import type { ModelState } from '../train/modelState';
import { computeNetworkView } from './view';
import { unitPlane, viewModelOf } from './network.test.helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const FEATURES = 5;
const ROWS = 9;
const plane = unitPlane(FEATURES);

const batch = mixedBatch(ROWS, FEATURES);
const sample = batch.x.dataSync() as Float32Array;
const y = batch.y.dataSync() as Float32Array;
const mask = Uint8Array.from(batch.mask.dataSync());

const LABELS = { tasks: MIXED_TASKS, y, mask };

function viewOf(model: ModelState, labels = true) {
  return computeNetworkView({
    model: viewModelOf(model),
    plane,
    grid: 3,
    sample,
    sampleRows: ROWS,
    ...(labels ? { labels: LABELS } : {}),
    step: 0,
  });
}

/** Every parameter's gradient of task t's loss alone, flat, from T separate plain backwards. */
function separateTaskGradients(model: ModelState, lossFns: ReturnType<typeof setup>['lossFns']) {
  return Array.from({ length: model.dims.tasks }, (_, t) =>
    tf.tidy(() => {
      const f = (...values: tf.Tensor[]) =>
        tf.gather(
          lossFns.perTask(model.forward(values, batch.x, false).outputs, batch.y, batch.mask),
          t,
        );
      return tf
        .grads(f)(model.variables)
        .map((g) => g.dataSync() as Float32Array);
    }),
  );
}

describe.each(ARCHITECTURE_IDS)('task pull and conflict of %s', (id) => {
  test('equal what separately computed per-task gradients give (1e-5)', async () => {
    const { model, lossFns, dims } = setup(id, FEATURES);
    const view = await viewOf(model);
    const perTask = separateTaskGradients(model, lossFns);
    const drawing = model.arch.drawing(model.config, dims);
    const units = new Map(drawing.groups.map((g) => [g.id, g.units]));
    let checked = 0;
    let conflicted = 0;
    let worst = 0;
    drawing.edges.forEach((e, k) => {
      const w = e.weights;
      const pull = view.edges[k].pull;
      if (w.kind === 'gate') {
        expect(pull).toBeUndefined();
        return;
      }
      expect(pull, `${e.from} -> ${e.to}`).toBeDefined();
      if (!pull) return;
      const p = model.specs.findIndex((s) => s.name === w.param);
      // Flat index of each drawn weight in its parameter, from the parameter's own layout.
      const flat: number[] = [];
      if (w.kind === 'scalar') flat.push(w.index);
      else {
        const [inW, outW] = model.specs[p].shape.slice(-2);
        const from = units.get(e.from) ?? 0;
        const to = units.get(e.to) ?? 0;
        for (let i = 0; i < from; i++)
          for (let j = 0; j < to; j++) flat.push(w.slot * inW * outW + i * outW + j);
      }
      expect(pull.task.length).toBe(flat.length);
      flat.forEach((at, n) => {
        const g = perTask.map((grads) => grads[p][at]);
        const abs = g.map(Math.abs);
        const total = abs.reduce((a, b) => a + b, 0);
        if (total < 1e-6) {
          // Unmoved (dead ReLU, masked): nothing to compare but the sentinel's bounds.
          expect(pull.share[n]).toBeLessThanOrEqual(1);
          return;
        }
        const share = Math.max(...abs) / total;
        const conflict = 1 - Math.abs(g.reduce((a, b) => a + b, 0)) / total;
        worst = Math.max(
          worst,
          Math.abs(pull.share[n] - share),
          Math.abs(pull.conflict[n] - conflict),
        );
        // The pulling task is the largest, unless two are tied within the tolerance.
        const top = abs[pull.task[n]] ?? -1;
        expect(Math.max(...abs) - top).toBeLessThan(1e-5 * Math.max(1, total));
        checked++;
        if (conflict > 0.05) conflicted++;
      });
    });
    expect(worst).toBeLessThan(1e-5);
    expect(checked).toBeGreaterThan(10);
    // The mixed tasks disagree somewhere on a shared trunk or expert (a check that the conflict
    // is not always 0; STL shares nothing, MultiTab-Net's drawn links at this tiny size agree).
    if (id !== 'stl' && id !== 'multitab-net') expect(conflicted).toBeGreaterThan(0);
    lossFns.dispose();
    model.dispose();
  });
});

test('a tower weight is pulled by its own task only: share 1, no conflict', async () => {
  const { model, lossFns } = setup('shared-bottom', FEATURES);
  const view = await viewOf(model);
  const tower = view.edges.find((e) => e.to === 'towers/0/t2');
  expect(tower?.pull).toBeDefined();
  const pull = tower?.pull;
  if (!pull) return;
  const moved = pull.task
    .map((t, n) => [t, pull.share[n], pull.conflict[n]])
    .filter((r) => r[0] >= 0);
  expect(moved.length).toBeGreaterThan(0);
  for (const [t, share, conflict] of moved) {
    expect(t).toBe(2);
    expect(share).toBeCloseTo(1, 6);
    expect(conflict).toBeCloseTo(0, 6);
  }
  lossFns.dispose();
  model.dispose();
});

test('without labels the view computes no pull (the default "weight" links cost nothing more)', async () => {
  const { model, lossFns } = setup('mmoe', FEATURES);
  const view = await viewOf(model, false);
  expect(view.edges.every((e) => e.pull === undefined)).toBe(true);
  lossFns.dispose();
  model.dispose();
});
