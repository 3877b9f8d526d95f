/**
 * Training the suggested grouping and comparing it (STG-MTL steps 4-5, TAG's "train the chosen
 * groups"): one model per group, all from the same initial weights (the run's weight seed), model
 * c trained on the loss Σ_t train[t][c]·ℓ_t (membership-weighted; 0/1 for TAG's groups), and the
 * ensemble prediction Σ_c serve[t][c]·model_c(x)_t (STG: serve = train = U; TAG: each task from
 * the group that serves it best). Beside it: all tasks together (the config as it is) and the
 * single-task baseline (STL), each scored by Δm against STL on the test split.
 */
import type { LabConfig } from '../config/schema';
import type { Dataset } from '../data/types';
import type { MethodDefinition } from '../methods/types';
import { trainStlBaselines } from '../train/baselines';
import { deltaM } from '../train/deltaM';
import { computeMetrics } from '../train/metrics';
import { createTrainer, type Trainer } from '../train/trainer';
import type { TaskMetrics } from '../train/types';
import { ensembleTable } from './ensemble';

/** Constant loss weights (one group's memberships), heads scaled alike. */
export function fixedWeightsMethod(weights: readonly number[]): MethodDefinition {
  const w = Float64Array.from(weights);
  return {
    id: 'group-weights',
    label: 'Group memberships',
    summary: 'Fixed per-task loss weights: the memberships of one task group.',
    citation:
      'A. Sherif et al., "STG-MTL", MLST 5(2):025068, 2024 (specialisation via loss weighting)',
    family: 'loss',
    needs: { losses: false, grads: 'none' },
    options: [],
    create: () => ({ aggregate: () => ({ weights: w.slice(), headWeights: w.slice() }) }),
  };
}

export interface GroupPlan {
  /** Where it came from, e.g. "TAG groups {0,1} {2,3}". */
  label: string;
  /** Loss weights [T][C]. */
  train: number[][];
  /** Ensemble memberships [T][C]. */
  serve: number[][];
}

export async function trainSteps(
  trainer: Trainer,
  steps: number,
  onStep?: (n: number) => void,
): Promise<void> {
  for (let done = 0; done < steps;) {
    const n = Math.min(100, steps - done);
    await trainer.train(n);
    done += n;
    onStep?.(n);
  }
}

/** Train the C group models of `plan` and return the ensemble's test metrics. */
export async function trainGroupedEnsemble(args: {
  config: LabConfig;
  dataset: Dataset;
  plan: GroupPlan;
  steps: number;
  onStep?: (n: number) => void;
}): Promise<TaskMetrics[]> {
  const { config, dataset, plan, steps } = args;
  const C = plan.train[0]?.length ?? 0;
  const tables = [];
  for (let c = 0; c < C; c++) {
    const trainer = await createTrainer({
      config,
      dataset,
      method: fixedWeightsMethod(plan.train.map((row) => row[c])),
    });
    try {
      await trainSteps(trainer, steps, args.onStep);
      tables.push(await trainer.outputTable('test'));
    } finally {
      trainer.dispose();
    }
  }
  return computeMetrics(dataset.tasks, ensembleTable(tables, plan.serve), dataset.test);
}

export interface ComparisonRow {
  label: string;
  architecture: string;
  method: string;
  steps: number;
  metrics: TaskMetrics[];
  /** Percent vs the single-task row. */
  deltaM: number;
}

/** Grouped ensemble, all tasks together and single-task, same data, seeds and step count. */
export async function compareGrouping(args: {
  config: LabConfig;
  dataset: Dataset;
  plan: GroupPlan;
  steps: number;
  /** Steps done so far out of `(C + 2) · steps`. */
  onProgress?: (done: number, total: number) => void;
}): Promise<ComparisonRow[]> {
  const { config, dataset, plan, steps } = args;
  const C = plan.train[0]?.length ?? 0;
  const total = (C + 2) * steps;
  let done = 0;
  const tick = (n: number) => args.onProgress?.((done += n), total);
  const grouped = await trainGroupedEnsemble({ config, dataset, plan, steps, onStep: tick });
  const together = await createTrainer({ config, dataset });
  let all: TaskMetrics[];
  try {
    await trainSteps(together, steps, tick);
    all = await together.evaluate('test');
  } finally {
    together.dispose();
  }
  const stl = await trainStlBaselines({ config, dataset, steps });
  tick(steps);
  const dm = (m: TaskMetrics[]) => deltaM(dataset.tasks, m, stl).deltaM;
  const { architecture } = config.model;
  return [
    {
      label: plan.label,
      architecture,
      method: `groups ×${C}`,
      steps,
      metrics: grouped,
      deltaM: dm(grouped),
    },
    {
      label: 'All tasks together',
      architecture,
      method: config.train.method,
      steps,
      metrics: all,
      deltaM: dm(all),
    },
    {
      label: 'Single-task (STL)',
      architecture: 'stl',
      method: 'ew',
      steps,
      metrics: stl,
      deltaM: 0,
    },
  ];
}
