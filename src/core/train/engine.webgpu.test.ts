/**
 * The engine on tfjs-backend-webgpu (Node + Dawn). Skips without a WebGPU adapter; run with
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium \
 *     npx vitest run src/core/train/engine.webgpu.test.ts
 * (or on a machine with a Vulkan GPU driver). Checks that training works without sync readbacks
 * or GPU validation errors, that memory stays flat, and that results match the CPU backend.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, test } from 'vitest';
import { tf } from '../tf';
import type { ArchitectureId } from '../config/schema';
import {
  requireWebGPU,
  setupNodeWebGPU,
  withGpuErrorScope,
} from '../engines/webgpu/testing/nodeWebgpu';
import { getMethod } from '../methods/registry';
import { createTrainer } from './trainer';
import { datasetFor, smallConfig } from './testing';

const gpu = await setupNodeWebGPU();
if (!gpu.ok) {
  if (requireWebGPU) throw new Error(gpu.reason);
  console.warn(`[engine.webgpu] skipping: ${gpu.reason}`);
}

async function run(backend: string, architecture: ArchitectureId, method: string, steps: number) {
  await tf.setBackend(backend);
  const config = smallConfig(
    { features: 6, samples: 600 },
    { architecture, hidden: [16], tower: [8], experts: 3, embedDim: 8, heads: 2, ffHidden: 16 },
    { batchSize: 32, learningRate: 3e-3, method },
  );
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    method: getMethod(method),
    options: { conflictEvery: 1000 },
  });
  const started = performance.now();
  await trainer.train(steps);
  const snap = await trainer.snapshot();
  const seconds = (performance.now() - started) / 1000;
  const preds = await trainer.predict('test');
  trainer.dispose();
  return { preds, snap, seconds };
}

describe.skipIf(!gpu.ok)(`engine on WebGPU (${gpu.ok ? gpu.adapter : 'none'})`, () => {
  // Few steps (SwiftShader runs each dispatch on the CPU and compiles every pipeline on first
  // use), but enough for Adam's moments and each method's weights to shape the result; with
  // conflictEvery 1000 the loss methods also run the replicated probe once (step 0).
  test.each([
    ['shared-bottom', 'ew', 6],
    ['shared-bottom', 'mgda', 6],
    ['mmoe', 'pcgrad', 5],
    ['cgc', 'nashmtl', 4],
    ['ple', 'ew', 2],
    ['cross-stitch', 'cagrad', 5],
    ['stl', 'uw', 6],
    ['multitab-net', 'ew', 2],
    ['dsmtl', 'pcgrad', 5],
    // Top-k routing with noise and the load-balancing loss on the packed and replicated paths.
    ['sparse-moe', 'ew', 5],
    ['sparse-moe', 'pcgrad', 5],
    // R mode (representation.ts): always the plain path, through the fused Adam's apply.
    ['mmoe', 'mgdaub', 5],
    ['shared-bottom', 'alignedmtlub', 5],
    ['cgc', 'graddrop', 4],
    ['sparse-moe', 'mgdaub', 4],
  ] as const)('%s + %s matches the CPU backend', async (arch, method, steps) => {
    if (!gpu.ok) return;
    const onGpu = await withGpuErrorScope(gpu.device, () => run('webgpu', arch, method, steps));
    const onCpu = await run('cpu', arch, method, steps);
    await tf.setBackend('webgpu');
    const a = onGpu.preds.flat();
    const b = onCpu.preds.flat();
    const scale = Math.max(...b.map(Math.abs));
    const err = Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale;
    console.log(
      `${arch}+${method}: max rel diff ${err.toExponential(2)}, webgpu ${((onGpu.seconds / steps) * 1000).toFixed(1)} ms/step`,
    );
    // float32 on both backends, different summation orders: agreement to ~1e-5 is expected.
    expect(err).toBeLessThan(1e-4);
    expect(onGpu.snap.diverged).toBe(false);
    expect(onGpu.snap.conflict).not.toBeNull();
  });

  test('memory flat across steps and freed by dispose on WebGPU', async () => {
    if (!gpu.ok) return;
    await tf.setBackend('webgpu');
    const start = tf.memory().numTensors;
    const config = smallConfig(
      { features: 6, samples: 600 },
      { hidden: [16], tower: [8] },
      { batchSize: 32, method: 'pcgrad' },
    );
    const trainer = await createTrainer({ config, dataset: datasetFor(config) });
    await trainer.train(3);
    await trainer.snapshot();
    const at10 = tf.memory().numTensors;
    await trainer.train(12);
    await trainer.snapshot();
    expect(tf.memory().numTensors).toBe(at10);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});
