/**
 * Measuring the backends for the 'auto' choice, in a worker of its own (measure.worker.ts) so the
 * run trains meanwhile on the backend it started on: each backend trains the current
 * configuration for a fraction of a second (src/core/backendSpeed.ts), each within a time limit.
 * An explicit choice (?backend= or the select) never goes through here.
 */
import {
  BACKEND_NAMES,
  probeWebGpuAdapter,
  selectBackend,
  withTimeLimit,
  type AdapterSummary,
  type BackendName,
  type BackendOptions,
  type BackendSpeed,
} from '../core/engines/tfjs/backend';
import { measureBackends, type SpeedTrial } from '../core/backendSpeed';
import type { LabConfig } from '../core/config/schema';
import { generateDataset } from '../core/data/generator';
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

export interface Measurement {
  adapter: AdapterSummary | null;
  speeds: BackendSpeed[];
}

/** Steps per second of every backend on `config`; never throws, never takes much over the limits. */
export async function measureAllBackends(
  config: LabConfig,
  options: BackendOptions,
  onMeasured: (speed: BackendSpeed) => void = () => {},
  budgetMs = 1500,
): Promise<Measurement> {
  const adapter = await withTimeLimit(
    probeWebGpuAdapter(),
    5000,
    'asking for a WebGPU adapter',
  ).catch(() => null);
  const dataset = generateDataset(config.data);
  const speeds = await measureBackends({
    candidates: BACKEND_NAMES,
    budgetMs: budgetMs / BACKEND_NAMES.length,
    onMeasured,
    activate: async (name: BackendName) => {
      const selection = await selectBackend(name, { ...options, order: [name] });
      if (selection.name !== name) throw new Error('unavailable');
    },
    trial: () => trainerTrial(config, dataset),
  });
  return { adapter, speeds };
}
