import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import { pearson } from '../data/stats';
import { createTrainer } from '../train/trainer';
import { datasetFor, smallConfig, testEw } from '../train/testing';
import { gridPoints, makePlane, type PlaneSpec } from './plane';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test("on the task-weight plane a trained shared-bottom's task-t output follows task t's true map", async () => {
  const config = smallConfig(
    { tasks: 2, features: 6, samples: 1500, rho: 0.2, degree: 1 },
    { architecture: 'shared-bottom', hidden: [32], tower: [16] },
    { batchSize: 64, learningRate: 0.01 },
  );
  const dataset = datasetFor(config);
  if (dataset.source.kind !== 'generator') throw new Error('generated data expected');
  const weights = dataset.source.weights;
  const trainer = await createTrainer({ config, dataset, method: testEw });
  await trainer.train(1500);
  const grid = 12;
  const spec: PlaneSpec = { kind: 'task-weights', axes: [0, 1] };
  const view = await trainer.networkView(spec, grid);
  const plane = makePlane(spec, dataset);
  const x = gridPoints(plane, grid);
  const D = dataset.features;
  for (let t = 0; t < 2; t++) {
    // The true degree-1 map of task t over the plane, as the view sends it: w_t · x.
    const truth = Array.from(view.truth?.[`output/t${t}`] ?? []);
    expect(truth).toHaveLength(grid * grid);
    const independent = Array.from({ length: grid * grid }, (_, n) =>
      weights[t].reduce((s, w, d) => s + w * x[n * D + d], 0),
    );
    truth.forEach((v, n) => expect(v).toBeCloseTo(independent[n], 5));
    const predicted = Array.from(view.thumbnails[`output/t${t}`]);
    expect(pearson(predicted, truth), `task ${t + 1}`).toBeGreaterThan(0.95);
  }
  // Task 2's truth varies along v as well (its weight vector is not ⊥ to the plane's v).
  const second = view.truth?.['output/t1'] ?? [];
  expect(Math.abs(second[3] - second[(grid - 1) * grid + 3])).toBeGreaterThan(0.5);
  // The plane separates the tasks: task 1's true map does not vary along v (it is ⊥ to w_1).
  const first = (r: number, c: number) =>
    weights[0].reduce((s, w, d) => s + w * x[(r * grid + c) * D + d], 0);
  expect(Math.abs(first(0, 3) - first(grid - 1, 3))).toBeLessThan(1e-4);
  trainer.dispose();
});
