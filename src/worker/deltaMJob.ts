/**
 * "Compute Δm": train the single-task baseline (STL architecture, EW) on the current run's data,
 * split, seeds and step count, evaluate both on the test split, and compare (deltaM.ts).
 */
import type { LabConfig } from '../core/config/schema';
import type { Dataset } from '../core/data/types';
import { trainStlBaselines } from '../core/train/baselines';
import { DELTA_M_CONVENTION, deltaM } from '../core/train/deltaM';
import type { Trainer } from '../core/train/trainer';
import type { DeltaMResult } from './protocol/runs';

export async function computeDeltaM(
  config: LabConfig,
  dataset: Dataset,
  trainer: Trainer,
): Promise<DeltaMResult> {
  const step = trainer.step;
  if (step < 1)
    throw new Error('train the run first: Δm compares it with a baseline of as many steps');
  if (config.model.architecture === 'stl') {
    throw new Error('this run is itself single-task (STL): its Δm is 0 by definition');
  }
  const metrics = await trainer.evaluate('test');
  const baseline = await trainStlBaselines({ config, dataset, steps: step });
  return {
    ...deltaM(dataset.tasks, metrics, baseline),
    step,
    metrics,
    baseline,
    convention: DELTA_M_CONVENTION,
  };
}
