/**
 * The PyTorch export of the task-aware sparse MoE beyond the registry-wide checks of
 * pytorch.test.ts (whose experiment has 2 experts, so k = 2 is dense there): 4 experts, top-2,
 * each router, predictions equal to the lab's; the Python training with noise (torch's generator)
 * runs and the lab imports its result; with the noise off and a large load-balancing weight,
 * 5 full-batch EW steps follow the lab step for step (so the Python training adds the same
 * load-balancing shares to the task losses). Skipped where PyTorch is not installed.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LabConfig } from '../../config/schema';
import { importModelFile } from '../../io';
import { tf } from '../../tf';
import {
  experimentConfig,
  experimentDataset,
  exportRun,
  hasPython,
  hasTorch,
  pythonOk,
  trainArgs,
  worstPredictionGap,
} from './testKit';

const TORCH = hasPython() && hasTorch();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function moeConfig(model: Partial<LabConfig['model']>, batchSize = 32): LabConfig {
  const base = experimentConfig('sparse-moe', 'ew', {}, batchSize);
  return { ...base, model: { ...base.model, experts: 4, moeK: 2, ...model } };
}

describe.skipIf(!TORCH)('sparse MoE in PyTorch', () => {
  test.each(['task', 'embedding', 'task-level'] as const)(
    '%s router: predict matches the lab, train runs with noise and the lab imports it',
    async (moeGate) => {
      const config = moeConfig({ moeGate, moeNoise: 'noisy' });
      const run = await exportRun(config, experimentDataset(config), 6);
      const worst = worstPredictionGap(run, run.weights, ['--split', 'test']);
      console.log(`sparse-moe ${moeGate}: max |python - lab| prediction ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-5);
      const out = join(run.dir, 'trained.safetensors');
      pythonOk(trainArgs(run, out, 5, ['--method', 'pcgrad']));
      const imported = importModelFile(new Uint8Array(readFileSync(out)));
      expect(imported.ok).toBe(true);
    },
    120_000,
  );

  test('5 full-batch EW steps without noise follow the lab (load balancing α = 0.5 included)', async () => {
    const config = moeConfig({ moeGate: 'embedding', moeNoise: 'none', moeBalance: 0.5 }, 1000);
    const run = await exportRun(config, experimentDataset(config), 0, 5);
    const trained = join(run.dir, 'trained.safetensors');
    pythonOk(trainArgs(run, trained));
    const worst = worstPredictionGap(run, trained);
    console.log(
      `sparse-moe full batch: after 5 steps max |python - lab| ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-4);
  }, 120_000);
});
