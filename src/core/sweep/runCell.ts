/**
 * One sweep cell: generate its data, train the config for `steps` steps, train the single-task
 * baseline on the same data, split, seeds and steps, and score both on the test split.
 */
import { generateDataset } from '../data/generator';
import { trainSteps } from '../grouping/groupTraining';
import { trainStlBaselines } from '../train/baselines';
import { deltaM, taskMetricFor } from '../train/deltaM';
import { createTrainer } from '../train/trainer';
import type { TaskMetrics } from '../train/types';
import type { SweepCell, SweepDefinition } from './grid';

export interface CellResult {
  key: string;
  x: SweepCell['x'];
  y: SweepCell['y'];
  seed: number;
  /** Δm (%) vs the cell's own STL baseline (0 for an STL cell). */
  deltaM: number;
  /** Per task, its Δm metric (MSE, AUC or accuracy) of the trained config. */
  taskMetric: number[];
  /** Seconds the cell took (for the time-left estimate). */
  seconds: number;
}

function metricValue(kind: 'mse' | 'auc' | 'accuracy', m: TaskMetrics): number {
  return kind === 'mse' ? m.loss : ((kind === 'auc' ? m.auc : m.accuracy) ?? NaN);
}

export async function runCell(
  cell: SweepCell,
  def: Pick<SweepDefinition, 'steps'>,
): Promise<CellResult> {
  const started = Date.now();
  const dataset = generateDataset(cell.config.data);
  const trainer = await createTrainer({ config: cell.config, dataset });
  let metrics: TaskMetrics[];
  try {
    await trainSteps(trainer, def.steps);
    metrics = await trainer.evaluate('test');
  } finally {
    trainer.dispose();
  }
  const stl =
    cell.config.model.architecture === 'stl'
      ? metrics
      : await trainStlBaselines({ config: cell.config, dataset, steps: def.steps });
  return {
    key: cell.key,
    x: cell.x,
    y: cell.y,
    seed: cell.seed,
    deltaM: deltaM(dataset.tasks, metrics, stl).deltaM,
    taskMetric: dataset.tasks.map((t, i) => metricValue(taskMetricFor(t.kind), metrics[i])),
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Run every cell not yet in `done` (resuming), in order; `onCell` gets each result as it lands.
 * `cancelled()` is checked between cells.
 */
export async function runSweep(args: {
  cells: SweepCell[];
  def: Pick<SweepDefinition, 'steps'>;
  done?: ReadonlySet<string>;
  onCell?: (result: CellResult) => void;
  cancelled?: () => boolean;
}): Promise<CellResult[]> {
  const results: CellResult[] = [];
  for (const cell of args.cells) {
    if (args.done?.has(cell.key)) continue;
    if (args.cancelled?.()) break;
    const result = await runCell(cell, args.def);
    results.push(result);
    args.onCell?.(result);
  }
  return results;
}
