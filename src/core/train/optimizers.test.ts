/**
 * The engine gives the same results with the plain Adam and the fused Adam (src/core/engines/webgpu, here on
 * its tf-ops path: the cpu backend), for a loss method, gradient methods with weights and head
 * weights, an explicit direction and norm clipping. The WebGPU twin is in engine.webgpu.test.ts.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import { getMethod } from '../methods/registry';
import type { ArchitectureId } from '../config/schema';
import {
  createOptimizer,
  EngineFusedAdam,
  type OptimizerKind,
} from '../engines/webgpu/fusedOptimizer';
import { AdamOptimizer } from './optimizer';
import { createTrainer } from './trainer';
import { datasetFor, smallConfig } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function weightsAfter(
  kind: OptimizerKind,
  architecture: ArchitectureId,
  method: string,
  steps: number,
): Promise<Float32Array> {
  const config = smallConfig(
    { features: 6, samples: 400, tasks: 3 },
    { architecture, hidden: [12], tower: [6], experts: 3 },
    { batchSize: 32, learningRate: 5e-3, method },
  );
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    method: getMethod(method),
    options: { createOptimizer: (args) => createOptimizer(args, kind) },
  });
  await trainer.train(steps);
  const weights = await trainer.exportWeights();
  trainer.dispose();
  return Float32Array.from(weights.flatMap((w) => Array.from(w.values)));
}

describe('plain and fused Adam give the same training run', () => {
  test.each([
    ['shared-bottom', 'ew'],
    ['mmoe', 'pcgrad'],
    ['mmoe', 'cagrad'],
    ['shared-bottom', 'uw'],
    ['shared-bottom', 'nashmtl'],
    ['mmoe', 'dbmtl'],
    ['stl', 'mgda'],
  ] as const)('%s + %s', async (arch, method) => {
    const plain = await weightsAfter('adam', arch, method, 12);
    const fused = await weightsAfter('fused-adam', arch, method, 12);
    expect(fused.length).toBe(plain.length);
    let worst = 0;
    plain.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - fused[i]))));
    expect(worst).toBeLessThan(1e-5);
  });

  test('the default is the plain Adam off webgpu', () => {
    const v = tf.variable(tf.zeros([2, 3]));
    const args = {
      variables: [v],
      specs: [
        {
          name: 'a',
          shape: [2, 3],
          shared: false,
          init: { layer: 'norm' as const, part: 'bias' as const },
        },
      ],
      learningRate: 0.1,
      tasks: 2,
    };
    const plain = createOptimizer(args);
    expect(plain).toBeInstanceOf(AdamOptimizer);
    const fused = createOptimizer(args, 'fused-adam');
    expect(fused).toBeInstanceOf(EngineFusedAdam);
    plain.dispose();
    fused.dispose();
    v.dispose();
  });
});
