/**
 * TAG's lookahead and the data maps on tfjs-backend-webgpu (Node + Dawn; skips without an adapter):
 * on the fused Adam's packed state the affinity (previewShared reads the packed moments) and the
 * data maps match the CPU backend's plain Adam.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, test } from 'vitest';
import { tf } from '../tf';
import {
  requireWebGPU,
  setupNodeWebGPU,
  withGpuErrorScope,
} from '../engines/webgpu/testing/nodeWebgpu';
import { createTrainer } from '../train/trainer';
import { datasetFor, smallConfig } from '../train/testing';

const gpu = await setupNodeWebGPU();
if (!gpu.ok) {
  if (requireWebGPU) throw new Error(gpu.reason);
  console.warn(`[probes.webgpu] skipping: ${gpu.reason}`);
}

async function measure(backend: string) {
  await tf.setBackend(backend);
  const config = smallConfig({ tasks: 3, features: 6, samples: 400 }, { hidden: [8], tower: [4] });
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    options: { affinityEvery: 3, dataMap: true },
  });
  await trainer.train(15);
  const out = { affinity: trainer.affinity(), maps: trainer.dataMaps() };
  trainer.dispose();
  return out;
}

describe.skipIf(!gpu.ok)('grouping probes on WebGPU', () => {
  test('affinity and data maps match the CPU backend', async () => {
    const cpu = await measure('cpu');
    if (!gpu.ok) return;
    const webgpu = await withGpuErrorScope(gpu.device, () => measure('webgpu'));
    expect(webgpu.affinity?.count).toBe(cpu.affinity?.count);
    const a = cpu.affinity!.mean.flat();
    const b = webgpu.affinity!.mean.flat();
    const scale = Math.max(...a.map(Math.abs));
    b.forEach((v, i) => expect(Math.abs(v - a[i])).toBeLessThan(0.02 * scale));
    const ca = cpu.maps!.maps[0].confidence;
    webgpu.maps!.maps[0].confidence.forEach((v, i) => expect(v).toBeCloseTo(ca[i], 3));
  }, 120_000);
});
