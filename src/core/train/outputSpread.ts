/**
 * How much the network's output varies across inputs: per task, the standard deviation over the
 * rows of each output unit (population std, float64), averaged over the task's units. Read once
 * at step 0 it says how large the random initial function is: with PyTorch's default
 * initialisation a few hundredths, with He-normal often as large as the labels themselves, and
 * what is left of it off the training points shows up as test error.
 */
import type { TaskInfo } from '../data/types';
import type { OutputTable } from './metrics';

export function outputSpread(
  tasks: readonly TaskInfo[],
  table: OutputTable,
  rows: number,
): number[] {
  return tasks.map((task, t) => {
    let total = 0;
    for (let k = 0; k < task.outputs; k++) {
      let mean = 0;
      let m2 = 0;
      for (let r = 0; r < rows; r++) {
        const v = table.values[(t * table.stride + r) * table.width + k];
        const delta = v - mean;
        mean += delta / (r + 1);
        m2 += delta * (v - mean);
      }
      total += rows > 0 ? Math.sqrt(m2 / rows) : NaN;
    }
    return total / task.outputs;
  });
}
