/**
 * Single-task baselines for Δm: the `stl` architecture (same hidden and tower sizes) trained with
 * equal weighting on the same data, split, weight seed, batch size, learning rate and step count.
 * Because STL shares no parameter and Adam is per-coordinate, one EW run equals T separate runs.
 */
import type { LabConfig } from '../config/schema';
import type { Dataset } from '../data/types';
import { getMethod } from '../methods/registry';
import { createTrainer } from './trainer';
import type { TaskMetrics } from './types';

export function stlConfig(config: LabConfig): LabConfig {
  return {
    ...config,
    model: { ...config.model, architecture: 'stl' },
    train: { ...config.train, method: 'ew', methodOptions: {} },
  };
}

export async function trainStlBaselines(args: {
  config: LabConfig;
  dataset: Dataset;
  steps: number;
  /** Called after each chunk of steps with the number done (progress display). */
  onProgress?: (done: number) => void;
}): Promise<TaskMetrics[]> {
  const trainer = await createTrainer({
    config: stlConfig(args.config),
    dataset: args.dataset,
    method: getMethod('ew'),
  });
  try {
    const chunk = 100;
    for (let done = 0; done < args.steps;) {
      const n = Math.min(chunk, args.steps - done);
      await trainer.train(n);
      done += n;
      args.onProgress?.(done);
    }
    return await trainer.evaluate('test');
  } finally {
    trainer.dispose();
  }
}
