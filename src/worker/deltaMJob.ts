/**
 * "Compute Δm": train the single-task baseline (STL architecture, EW) on the current run's data,
 * split, seeds and step count, evaluate both on the test split, and compare (deltaM.ts). The
 * safety audit does the same over three weight seeds and flags negative sharing per task.
 */
import type { LabConfig } from '../core/config/schema';
import type { Dataset } from '../core/data/types';
import { trainStlBaselines } from '../core/train/baselines';
import { DELTA_M_CONVENTION, deltaM } from '../core/train/deltaM';
import { auditSeeds, safetyAudit } from '../core/train/safetyAudit';
import type { Trainer } from '../core/train/trainer';
import type { TaskMetrics } from '../core/train/types';
import type { DeltaMResult, SafetyAuditResult } from './protocol/runs';

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

/** STL seeds of the safety audit: the run's own and two more, for the seed noise. */
export const AUDIT_SEEDS = 3;

/**
 * The safety audit (safetyAudit.ts): the run's test metrics against STL trained on AUDIT_SEEDS
 * weight seeds with the same sizes and step count; negative sharing flagged beyond seed noise.
 */
export async function computeSafetyAudit(
  config: LabConfig,
  dataset: Dataset,
  trainer: Trainer,
): Promise<SafetyAuditResult> {
  const step = trainer.step;
  if (step < 1)
    throw new Error('train the run first: the audit compares it with STL runs of as many steps');
  if (config.model.architecture === 'stl') {
    throw new Error('this run is itself single-task (STL): there is no sharing to audit');
  }
  const metrics = await trainer.evaluate('test');
  const seeds = auditSeeds(config.train.weightSeed, AUDIT_SEEDS);
  const stl: TaskMetrics[][] = [];
  for (const weightSeed of seeds) {
    const seeded = { ...config, train: { ...config.train, weightSeed } };
    stl.push(await trainStlBaselines({ config: seeded, dataset, steps: step }));
  }
  return { ...safetyAudit(dataset.tasks, metrics, stl, seeds), step };
}
