/**
 * Top-k routing on the cpu and wasm backends (in Node; webgpu: train/engine.webgpu.test.ts and
 * e2e/networkView.spec.ts): a trained sparse MoE routes every test example to exactly k experts,
 * and both backends route alike. (tfjs-wasm's OneHot once wrote int bits into a float32 mask:
 * training still ran, as a dense uniform mixture.)
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { tf } from '../../../tf';
import { createTrainer } from '../../../train/trainer';
import { datasetFor, smallConfig } from '../../../train/testing';

const wasm = await import('@tensorflow/tfjs-backend-wasm');
const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
wasm.setWasmPaths(`${join(dirname(pkg), 'dist')}/`);

async function routing(backend: string): Promise<number[][]> {
  await tf.setBackend(backend);
  const config = smallConfig(
    { features: 6, samples: 400 },
    { architecture: 'sparse-moe', hidden: [8], tower: [4], experts: 4, moeK: 2 },
    { learningRate: 0.02, batchSize: 32 },
  );
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    options: { testLossEvery: 1 },
  });
  await trainer.train(10);
  const snap = await trainer.snapshot();
  trainer.dispose();
  return snap.routing!.usage;
}

test('cpu and wasm route every example to exactly k = 2 experts, alike', async () => {
  const cpu = await routing('cpu');
  const onWasm = await routing('wasm');
  for (const usage of [cpu, onWasm]) {
    usage.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 5));
    // Sparse: some expert gets at most half of a task's examples.
    usage.forEach((row) => expect(Math.min(...row)).toBeLessThan(0.75));
  }
  onWasm.flat().forEach((v, i) => expect(v).toBeCloseTo(cpu.flat()[i], 2));
});
