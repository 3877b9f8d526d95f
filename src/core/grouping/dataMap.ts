/**
 * STG-MTL's data maps (Sherif et al., 2023; `DataMapRecorder` of the official code): per task and
 * training sample, Welford's running mean (confidence) and sample std (variability) of the
 * probability of the true label, cumulative from the start of training (never reset per epoch).
 *
 * Lab deviation, documented: the official recorder takes the confidence from each batch's training
 * forward pass (before the update). The lab's training step reads nothing back, so the recorder is
 * fed once per epoch from one evaluation pass over the whole training split (same weights for every
 * sample, taken at the epoch boundary). The statistics and their use are otherwise the same.
 */
import type { Split, TaskInfo } from '../data/types';
import type { OutputTable } from '../train/metrics';
import { confidence } from './confidence';
import { Welford } from './welford';

/** One task's data map: per labelled training sample, confidence (mean) and variability (std). */
export interface TaskDataMap {
  task: string;
  kind: TaskInfo['kind'];
  /** Mean of p(true label) per sample; NaN for a sample never labelled. */
  confidence: number[];
  /** Sample std of p(true label) per sample; NaN with fewer than 2 observations. */
  variability: number[];
}

export interface DataMaps {
  /** Epochs recorded so far (observations per labelled sample). */
  epochs: number;
  samples: number;
  maps: TaskDataMap[];
}

/** Per-task training-label variance (regression's confidence scale), over labelled rows. */
export function labelVariances(split: Split, T: number): number[] {
  return Array.from({ length: T }, (_, t) => {
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (let r = 0; r < split.rows; r++) {
      const i = r * T + t;
      if (split.mask && split.mask[i] === 0) continue;
      const y = split.y[i];
      n++;
      sum += y;
      sq += y * y;
    }
    const mean = n ? sum / n : 0;
    return n > 1 ? (sq - n * mean * mean) / (n - 1) : 1;
  });
}

export class DataMapRecorder {
  private readonly stats: Welford[];
  private readonly variances: number[];
  private epochs = 0;

  constructor(
    private readonly tasks: TaskInfo[],
    private readonly split: Split,
  ) {
    this.stats = tasks.map(() => new Welford(split.rows));
    this.variances = labelVariances(split, tasks.length);
  }

  /** One observation per (task, labelled sample) from the outputs of the whole training split. */
  record(table: OutputTable): void {
    const T = this.tasks.length;
    const { rows, y, mask } = this.split;
    const values = new Float64Array(rows);
    this.tasks.forEach((task, t) => {
      for (let r = 0; r < rows; r++) {
        const i = r * T + t;
        if (mask && mask[i] === 0) {
          values[r] = NaN;
          continue;
        }
        const at = (t * table.stride + r) * table.width;
        const z = table.values.subarray(at, at + task.outputs);
        values[r] = confidence(task, z, y[i], this.variances[t]);
      }
      this.stats[t].add(values);
    });
    this.epochs++;
  }

  maps(): DataMaps {
    return {
      epochs: this.epochs,
      samples: this.split.rows,
      maps: this.tasks.map((task, t) => ({
        task: task.name,
        kind: task.kind,
        confidence: Array.from(this.stats[t].means()),
        variability: Array.from(this.stats[t].std()),
      })),
    };
  }
}

/**
 * The task-based feature vector of each task (the flattened (mean, std) map; E_rec = 1, the
 * cumulative map at the end), with undefined entries (unlabelled, or one observation) set to 0 so
 * distances stay finite.
 */
export function taskFeatures(maps: DataMaps): number[][] {
  return maps.maps.map((m) =>
    [...m.confidence, ...m.variability].map((v) => (Number.isFinite(v) ? v : 0)),
  );
}
