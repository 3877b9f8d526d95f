import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import { ARCHITECTURE_IDS } from '../config/schema';
import { createTrainer } from '../train/trainer';
import { datasetFor, smallConfig, testEw } from '../train/testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = (architecture: (typeof ARCHITECTURE_IDS)[number]) =>
  smallConfig(
    { features: 8, samples: 1500, rho: 0.8, noise: 0.01 },
    { architecture, hidden: [16], tower: [8], experts: 3, embedDim: 8, heads: 2, ffHidden: 16 },
    { batchSize: 32, learningRate: 1e-2 },
  );

test.each(ARCHITECTURE_IDS)(
  '%s trains on rho = 0.8 data to test R² > 0.9 on every task',
  async (architecture) => {
    const cfg = config(architecture);
    const dataset = datasetFor(cfg);
    const trainer = await createTrainer({ config: cfg, dataset, method: testEw });
    const started = performance.now();
    await trainer.train(150);
    const ms = performance.now() - started;
    const metrics = await trainer.evaluate('test');
    const snap = await trainer.snapshot();
    trainer.dispose();
    console.log(
      `${architecture}: R² ${metrics.map((m) => m.r2!.toFixed(3)).join(' ')}; ${(ms / 150).toFixed(1)} ms/step`,
    );
    metrics.forEach((m) => expect(m.r2).toBeGreaterThan(0.9));
    if (['mmoe', 'cgc', 'ple', 'dsmtl', 'sparse-moe'].includes(architecture)) {
      expect(snap.gates).toHaveLength(3);
      snap.gates!.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    } else {
      expect(snap.gates).toBeNull();
    }
    if (architecture === 'multitab-net') {
      expect(snap.attention).toHaveLength(3);
      snap.attention!.forEach((row) => {
        expect(row).toHaveLength(8);
        // Attention to features plus attention to its own token sums to 1.
        expect(row.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-6);
      });
    } else {
      expect(snap.attention).toBeNull();
    }
  },
);
