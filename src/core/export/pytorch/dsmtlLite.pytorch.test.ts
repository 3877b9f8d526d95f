/**
 * The PyTorch export of Deep Safe MTL's lite gate (v3): after training in the lab (so the α move
 * off 0), the exported module predicts as the lab (evaluation: private when p ≥ 0.5); the Python
 * training with its own Gumbel draws runs and the lab imports the result. Skipped where PyTorch is
 * not installed.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
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

describe.skipIf(!TORCH)('Deep Safe MTL lite gate in PyTorch', () => {
  test('predict matches the lab; train runs with Gumbel draws and the lab imports it', async () => {
    const base = experimentConfig('dsmtl', 'ew', {}, 32);
    const config = { ...base, model: { ...base.model, safeGate: 'lite' as const } };
    const run = await exportRun(config, experimentDataset(config), 30);
    const file = importModelFile(new Uint8Array(readFileSync(run.weights)));
    if (!file.ok) throw new Error('the lab cannot read its own export');
    const alpha = file.file.tensors.find((w) => w.name === 'gate/logits')!;
    expect(alpha.shape).toEqual([config.data.tasks, 1]);
    expect(Array.from(alpha.values).some((a) => a !== 0)).toBe(true);
    const worst = worstPredictionGap(run, run.weights, ['--split', 'test']);
    console.log(
      `dsmtl lite: α ${Array.from(alpha.values).join(' ')}; max |python - lab| ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-5);
    const out = join(run.dir, 'trained.safetensors');
    pythonOk(trainArgs(run, out, 5, ['--method', 'pcgrad']));
    const imported = importModelFile(new Uint8Array(readFileSync(out)));
    expect(imported.ok).toBe(true);
  }, 120_000);
});
