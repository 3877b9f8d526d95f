/** The lab's own engine (createTrainer) as a benchmark subject: exactly what the worker runs. */
import type { LabConfig } from '../../src/core/config/schema';
import type { Dataset } from '../../src/core/data/types';
import { createTrainer } from '../../src/core/train/trainer';
import type { BenchSubject } from './subject';

export async function createLabSubject(config: LabConfig, dataset: Dataset): Promise<BenchSubject> {
  // Test loss only on the first snapshot: sync() should cost one small readback, as in the app.
  const trainer = await createTrainer({ config, dataset, options: { testLossEvery: 1e9 } });
  return {
    train: (steps) => trainer.train(steps),
    sync: async () => {
      await trainer.snapshot();
    },
    dispose: () => trainer.dispose(),
  };
}
