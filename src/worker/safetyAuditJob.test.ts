/** The safety audit on a trained run: its STL figures are the STL runs of its seeds. */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../core/tf';
import { getMethod } from '../core/methods/registry';
import { trainStlBaselines } from '../core/train/baselines';
import { auditSeeds } from '../core/train/safetyAudit';
import { createTrainer } from '../core/train/trainer';
import { datasetFor, smallConfig } from '../core/train/testing';
import { computeSafetyAudit } from './deltaMJob';

describe('computeSafetyAudit on a trained run', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  test('its STL figures are the STL runs of its seeds, as many steps as the run', async () => {
    const config = smallConfig(
      { features: 6, samples: 300 },
      { hidden: [8], tower: [4] },
      { batchSize: 32 },
    );
    const dataset = datasetFor(config);
    const trainer = await createTrainer({ config, dataset, method: getMethod('ew') });
    try {
      await expect(computeSafetyAudit(config, dataset, trainer)).rejects.toThrow(
        /train the run first/,
      );
      await trainer.train(30);
      const audit = await computeSafetyAudit(config, dataset, trainer);
      expect(audit.step).toBe(30);
      expect(audit.seeds).toEqual(auditSeeds(config.train.weightSeed, 3));
      const second = await trainStlBaselines({
        config: { ...config, train: { ...config.train, weightSeed: audit.seeds[1] } },
        dataset,
        steps: 30,
      });
      const run = await trainer.evaluate('test');
      for (let t = 0; t < dataset.tasks.length; t++) {
        expect(audit.tasks[t].run).toBe(run[t].loss);
        // The seed-2 STL value lies within the reported spread of the three.
        expect(Math.abs(second[t].loss - audit.tasks[t].stlMean)).toBeLessThanOrEqual(
          2 * audit.tasks[t].stlStd + 1e-12,
        );
        expect(audit.tasks[t].stlStd).toBeGreaterThan(0);
      }
    } finally {
      trainer.dispose();
    }
  });
});
