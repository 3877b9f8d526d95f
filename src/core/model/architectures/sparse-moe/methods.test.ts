/**
 * Every balancing method, and each training procedure, trains the task-aware sparse MoE (with
 * noise and the load-balancing loss): losses stay finite and fall, so no method needs a "does not
 * apply" note in the UI for it. Loss methods take the plain weighted step, gradient methods the
 * replicated one, representation methods (MGDA-UB, Aligned-MTL-UB, GradDrop) add the
 * load-balancing gradient below z (train/representation.ts).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../../../tf';
import { METHOD_IDS, getMethod } from '../../../methods/registry';
import { createTrainer } from '../../../train/trainer';
import { datasetFor, smallConfig } from '../../../train/testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const runs = [
  ...METHOD_IDS.map((method) => ({ method, procedure: 'none' as const })),
  { method: 'ew', procedure: 'sam' as const },
  { method: 'pcgrad', procedure: 'fomaml' as const },
];

test.each(runs)('$method (procedure $procedure) trains the sparse MoE', async (run) => {
  const config = smallConfig(
    { features: 6, samples: 400 },
    { architecture: 'sparse-moe', hidden: [8], tower: [4], experts: 4, moeBalance: 0.05 },
    { batchSize: 32, learningRate: 1e-2, method: run.method, procedure: run.procedure },
  );
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    method: getMethod(run.method),
  });
  const before = await trainer.evaluate('train');
  await trainer.train(30);
  const after = await trainer.evaluate('train');
  const snap = await trainer.snapshot();
  trainer.dispose();
  expect(snap.diverged).toBe(false);
  const mean = (m: typeof before) => m.reduce((a, x) => a + x.loss, 0) / m.length;
  expect(mean(after)).toBeLessThan(mean(before));
});
