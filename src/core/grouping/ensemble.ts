/**
 * STG-MTL's ensemble prediction (`Trainer.evaluate_ensemble`): task t's output is the
 * membership-weighted sum of the group models' outputs (logits), Σ_c U[t,c]·model_c(x)_t.
 * With one group and U = 1 it is that model's output exactly.
 */
import type { OutputTable } from '../train/metrics';

export function ensembleTable(tables: OutputTable[], U: number[][]): OutputTable {
  if (tables.length === 0) throw new Error('an ensemble needs at least one model');
  const { stride, width } = tables[0];
  if (tables.some((t) => t.stride !== stride || t.width !== width)) {
    throw new Error('ensemble members must have the same output layout');
  }
  const T = U.length;
  const values = new Float32Array(tables[0].values.length);
  for (let t = 0; t < T; t++) {
    const from = t * stride * width;
    const to = from + stride * width;
    tables.forEach((table, c) => {
      const u = U[t][c] ?? 0;
      if (u === 0) return;
      for (let k = from; k < to; k++) values[k] += u * table.values[k];
    });
  }
  return { values, stride, width };
}
