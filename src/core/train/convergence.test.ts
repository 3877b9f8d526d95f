import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import { trainStlBaselines } from './baselines';
import { deltaM } from './deltaM';
import { createTrainer } from './trainer';
import { datasetFor, gramRecorder, smallConfig, testEw } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('shared-bottom fits rho = 0.8, degree-1 data to test R² > 0.95 on every task', async () => {
  const config = smallConfig(
    { features: 12, samples: 2000, rho: 0.8, noise: 0.01 },
    { hidden: [32], tower: [16] },
  );
  const dataset = datasetFor(config);
  const started = performance.now();
  const trainer = await createTrainer({ config, dataset, method: testEw });
  await trainer.train(400);
  const metrics = await trainer.evaluate('test');
  trainer.dispose();
  console.log(
    `shared-bottom R² ${metrics.map((m) => m.r2!.toFixed(4)).join(' ')}, ${(performance.now() - started).toFixed(0)} ms`,
  );
  metrics.forEach((m) => expect(m.r2).toBeGreaterThan(0.95));
});

test('a Gram-weighted method trains too (R² > 0.95)', async () => {
  const config = smallConfig(
    { features: 12, samples: 2000, rho: 0.8, noise: 0.01 },
    { hidden: [32], tower: [16] },
  );
  const dataset = datasetFor(config);
  const trainer = await createTrainer({ config, dataset, method: gramRecorder().def });
  await trainer.train(400);
  const metrics = await trainer.evaluate('test');
  trainer.dispose();
  metrics.forEach((m) => expect(m.r2).toBeGreaterThan(0.95));
});

test('with few training rows on rho = 0.9 data, shared-bottom beats STL (Δm > 0)', async () => {
  // 100 training rows, 16 features, 3 closely related tasks.
  const config = smallConfig(
    { features: 16, samples: 250, testFraction: 0.6, rho: 0.9, noise: 0.1 },
    // He-normal: from its large random start, separate networks overfit 100 rows and sharing
    // regularises. From PyTorch's near-flat start they do not, and this Δm is negative (lessons
    // and the README's fidelity section show the default).
    { hidden: [32], tower: [8], init: 'he-normal' },
    { batchSize: 32, learningRate: 1e-2 },
  );
  const dataset = datasetFor(config);
  const steps = 300;
  const trainer = await createTrainer({ config, dataset, method: testEw });
  await trainer.train(steps);
  const model = await trainer.evaluate('test');
  trainer.dispose();
  const baseline = await trainStlBaselines({ config, dataset, steps });
  const gain = deltaM(dataset.tasks, model, baseline);
  console.log(
    `Δm = ${gain.deltaM.toFixed(2)}% (per task ${gain.perTask.map((g) => g.toFixed(1)).join(', ')})`,
  );
  expect(gain.deltaM).toBeGreaterThan(0);
});
