/**
 * Every architecture trains on the wasm and cpu backends (in Node): 20 steps, falling loss. The
 * wasm backend lacks some kernels the others have (UnsortedSegmentSum, the gradient of gather);
 * the engine must only use ops every backend the lab offers has (webgpu: e2e/everyBackend.spec.ts).
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ARCHITECTURE_IDS } from '../config/schema';
import { METHOD_IDS } from '../methods/registry';
import { tf } from '../tf';
import { createTrainer } from '../train/trainer';
import { datasetFor, smallConfig } from '../train/testing';

const wasm = await import('@tensorflow/tfjs-backend-wasm');
const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
wasm.setWasmPaths(`${join(dirname(pkg), 'dist')}/`);

async function trainLosses(
  architecture: (typeof ARCHITECTURE_IDS)[number],
  method = 'ew',
): Promise<{ early: number; late: number }> {
  const config = smallConfig(
    { features: 6, samples: 400, tasks: 2 },
    { architecture, hidden: [8], tower: [4], experts: 2, embedDim: 4, ffHidden: 8 },
    { method, learningRate: 0.02, batchSize: 32 },
  );
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    options: { testLossEvery: 1, conflictEvery: 5 },
  });
  try {
    await trainer.train(2);
    const early = await trainer.snapshot();
    await trainer.train(18);
    const late = await trainer.snapshot();
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    return { early: mean(early.testLoss), late: mean(late.testLoss) };
  } finally {
    trainer.dispose();
  }
}

describe.each(['wasm', 'cpu'] as const)('on %s', (backend) => {
  test.each(ARCHITECTURE_IDS)('%s trains 20 steps with falling loss', async (architecture) => {
    await tf.setBackend(backend);
    const { early, late } = await trainLosses(architecture);
    expect(Number.isFinite(late)).toBe(true);
    expect(late).toBeLessThan(early);
  });
});

describe('every method on wasm', () => {
  test.each(METHOD_IDS)('%s trains on wasm', async (method) => {
    await tf.setBackend('wasm');
    const { late } = await trainLosses('shared-bottom', method);
    expect(Number.isFinite(late)).toBe(true);
  });
});
