/**
 * 'auto' backend in the worker: measure every available backend on the current configuration
 * (about a second in all, src/core/backendSpeed.ts), then activate the fastest. An explicit
 * choice (?backend= or the select) never goes through here.
 */
import {
  BACKEND_NAMES,
  selectBackend,
  type BackendName,
  type BackendOptions,
  type BackendSelection,
} from '../core/backend';
import { fastestBackend, measureBackends, type SpeedTrial } from '../core/backendSpeed';
import type { LabConfig } from '../core/config/schema';
import type { Dataset } from '../core/data/types';
import { createTrainer } from '../core/train/trainer';

async function trainerTrial(config: LabConfig, dataset: Dataset): Promise<SpeedTrial> {
  const trainer = await createTrainer({ config, dataset, options: { testLossEvery: 1e9 } });
  return {
    train: (steps) => trainer.train(steps),
    sync: async () => {
      await trainer.snapshot();
    },
    dispose: () => trainer.dispose(),
  };
}

export async function autoSelectBackend(
  config: LabConfig,
  dataset: Dataset,
  options: BackendOptions,
  budgetMs = 1000,
): Promise<BackendSelection> {
  const speeds = await measureBackends({
    candidates: BACKEND_NAMES,
    budgetMs: budgetMs / BACKEND_NAMES.length,
    activate: async (name: BackendName) => {
      const selection = await selectBackend(name, options);
      if (selection.name !== name) {
        throw new Error(selection.skipped.find((s) => s.name === name)?.reason ?? 'unavailable');
      }
    },
    trial: () => trainerTrial(config, dataset),
  });
  const fastest = fastestBackend(speeds);
  const selection = await selectBackend(fastest ?? 'auto', options);
  const skipped = speeds
    .filter((s) => s.stepsPerSecond === null)
    .map((s) => ({ name: s.name, reason: s.reason ?? 'unavailable' }));
  return { ...selection, requested: 'auto', skipped, speeds };
}
