/**
 * Every architecture on every backend the lab offers here (webgpu, wasm, cpu): 20 steps of a tiny
 * configuration, the loss falls. One page per backend, the architecture switched in place.
 */
import { ARCHITECTURE_IDS } from '../src/core/config/schema';
import { expect, test } from './lab';

const TINY = {
  data: {
    tasks: 2,
    features: 4,
    samples: 300,
    seed: 5,
    taskSpecs: [
      { degree: 1, noise: 0.01 },
      { degree: 1, noise: 0.01 },
    ],
  },
  model: { hidden: [8], tower: [4], experts: 2, embedDim: 4, ffHidden: 8 },
  train: { learningRate: 0.02, batchSize: 32, method: 'pcgrad' },
};

for (const backend of ['wasm', 'webgpu', 'cpu'] as const) {
  test(`every architecture trains 20 steps on ${backend}`, async ({ lab }) => {
    test.setTimeout(backend === 'webgpu' ? 900_000 : 300_000);
    await lab.open(`?backend=${backend}`);
    for (const architecture of ARCHITECTURE_IDS) {
      await lab.page.evaluate((config) => window.mtlLab!.setConfig(config), {
        ...TINY,
        model: { ...TINY.model, architecture },
      });
      const early = await lab.page.evaluate(() => window.mtlLab!.step(2));
      const late = await lab.page.evaluate(() => window.mtlLab!.step(18));
      const state = await lab.state();
      expect(state.backend, architecture).toBe(backend);
      expect(late.step, architecture).toBe(20);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      expect(mean(late.trainLoss), architecture).toBeLessThan(mean(early.trainLoss));
    }
  });
}
