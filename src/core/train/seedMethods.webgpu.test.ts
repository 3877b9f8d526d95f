/**
 * The seed papers' methods on tfjs-backend-webgpu (Node + Dawn), against the CPU backend, like
 * engine.webgpu.test.ts: IGBv1 (loss path, packed step), loss transforms under gradient methods
 * (packed gradient step and representation step), UW's paper form, and the training procedures
 * (SAM, FOMAML: the plain path through the fused optimizer's apply), and FULLER's calibration on
 * feature-group encoders (representation step). Skips without an adapter.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, test } from 'vitest';
import { tf } from '../tf';
import type { ArchitectureId, LabConfig } from '../config/schema';
import {
  requireWebGPU,
  setupNodeWebGPU,
  withGpuErrorScope,
} from '../engines/webgpu/testing/nodeWebgpu';
import { createTrainer } from './trainer';
import { datasetFor, smallConfig } from './testing';

const gpu = await setupNodeWebGPU();
if (!gpu.ok) {
  if (requireWebGPU) throw new Error(gpu.reason);
  console.warn(`[seedMethods.webgpu] skipping: ${gpu.reason}`);
}

type Train = Partial<LabConfig['train']>;

async function run(backend: string, architecture: ArchitectureId, train: Train, steps: number) {
  await tf.setBackend(backend);
  const [arch, exclusivity] = architecture.split('+');
  const config = smallConfig(
    { features: 6, samples: 600 },
    {
      architecture: arch as ArchitectureId,
      hidden: [16],
      tower: [8],
      experts: 3,
      embedDim: 8,
      heads: 2,
      ffHidden: 16,
      // 'mmoe+exclusivity': MMoEEx gates (mask), 'cgc+pinned': exclusion with pinned logits.
      ...(exclusivity === 'exclusivity' ? { exclusivity: 'exclusivity' as const } : {}),
      ...(exclusivity === 'pinned'
        ? {
            exclusivity: 'exclusion' as const,
            exclusivityGate: 'pinned' as const,
            sharedExperts: 2,
          }
        : {}),
      // '+groups': two feature groups (FULLER's intra calibration), x6 ungrouped.
      ...(exclusivity === 'groups'
        ? {
            featureGroups: [
              { name: 'a', columns: [0, 1, 2] },
              { name: 'b', columns: [3, 4] },
            ],
            groupWidth: 4,
          }
        : {}),
    },
    { batchSize: 128, learningRate: 3e-3, ...train },
  );
  config.data.taskSpecs[1] = { ...config.data.taskSpecs[1], kind: 'binary' };
  // Base window = epoch 0 (3 steps of 128 rows), so IGB weights act from step 3 on.
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    options: { conflictEvery: 1000 },
  });
  await trainer.train(steps);
  const snap = await trainer.snapshot();
  const preds = await trainer.predict('test');
  trainer.dispose();
  return { preds, snap };
}

describe.skipIf(!gpu.ok)(`seed methods on WebGPU (${gpu.ok ? gpu.adapter : 'none'})`, () => {
  test.each([
    ['shared-bottom', { method: 'igbv1', methodOptions: { base_epoch: 0 } }, 6],
    ['mmoe', { method: 'pcgrad', lossTransform: 'igbv1', methodOptions: { base_epoch: 0 } }, 6],
    ['cgc', { method: 'nashmtl', lossTransform: 'log' }, 4],
    [
      'shared-bottom',
      { method: 'mgdaub', lossTransform: 'igbv1', methodOptions: { base_epoch: 0 } },
      5,
    ],
    ['stl', { method: 'uw', methodOptions: { form: 'paper' } }, 5],
    [
      'shared-bottom',
      {
        method: 'ew',
        lossTransform: 'igbv2',
        // The agent trains at steps 3 and 6 and sets the weights from step 3 on.
        methodOptions: {
          base_epoch: 0,
          sac_start_epoch: 1,
          sac_update_after: 1,
          sac_update_every: 3,
          sac_hidden: 32,
        },
      },
      8,
    ],
    ['mmoe+exclusivity', { method: 'ew' }, 5],
    ['cgc+pinned', { method: 'mgda' }, 4],
    ['shared-bottom', { method: 'pcgrad', procedure: 'sam' }, 4],
    [
      'mmoe',
      {
        method: 'ew',
        procedure: 'sam',
        methodOptions: { sam_rho: 0.05, sam_adaptive: false, sam_norm: 'joint' },
      },
      4,
    ],
    ['mmoe', { method: 'ew', procedure: 'fomaml', methodOptions: { maml_lbtw: true } }, 4],
    ['cgc', { method: 'mgda', procedure: 'fomaml' }, 4],
    ['shared-bottom+groups', { method: 'fuller' }, 5],
    ['mmoe+groups', { method: 'fuller', methodOptions: { direction: 'imtl-g' } }, 5],
  ] as [ArchitectureId, Train, number][])(
    '%s + %j matches the CPU backend',
    async (arch, train, steps) => {
      if (!gpu.ok) return;
      const onGpu = await withGpuErrorScope(gpu.device, () => run('webgpu', arch, train, steps));
      const onCpu = await run('cpu', arch, train, steps);
      await tf.setBackend('webgpu');
      const a = onGpu.preds.flat();
      const b = onCpu.preds.flat();
      const scale = Math.max(...b.map(Math.abs));
      const err = Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale;
      console.log(`${arch}+${JSON.stringify(train)}: max rel diff ${err.toExponential(2)}`);
      expect(err).toBeLessThan(1e-4);
      expect(onGpu.snap.diverged).toBe(false);
      if (train.method !== 'ew' && train.method !== 'mgda')
        expect(onGpu.snap.methodState).not.toBeNull();
    },
  );
});
