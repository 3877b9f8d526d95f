/** The lab's own engine (createTrainer) as a benchmark subject: exactly what the worker runs. */
import type { LabConfig } from '../../src/core/config/schema';
import type { Dataset } from '../../src/core/data/types';
import { createTrainer } from '../../src/core/train/trainer';
import { createEngineTrainer } from '../../src/core/engines/trainer';
import { getEngine } from '../../src/core/engines/registry';
import type { BenchSubject } from './subject';

export async function createLabSubject(
  config: LabConfig,
  dataset: Dataset,
  engineId?: string,
): Promise<BenchSubject> {
  // Test loss only on the first snapshot: sync() should cost one small readback, as in the app.
  const args = { config, dataset, options: { testLossEvery: 1e9 } };
  const engine = engineId ? getEngine(engineId) : undefined;
  if (engineId && !engine) throw new Error(`unknown engine ${engineId}`);
  if (engine) {
    const fused = await createEngineTrainer(engine, args);
    return {
      train: (steps) => fused.train(steps),
      sync: async () => {
        await fused.snapshot();
      },
      dispose: () => fused.dispose(),
      memoryBytes: () => fused.memoryBytes(),
      threads: fused.threads,
    };
  }
  const trainer = await createTrainer(args);
  return {
    train: (steps) => trainer.train(steps),
    sync: async () => {
      await trainer.snapshot();
    },
    dispose: () => trainer.dispose(),
  };
}
