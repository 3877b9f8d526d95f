/**
 * Shared by the fused engine's step tests (step.test.ts against tfjs, threads.test.ts against one
 * thread): the small mixed-task configuration and the weight comparison.
 */
import type { ArchitectureId, LabConfig } from '../../config/schema';
import { smallConfig } from '../../train/testing';
import type { WeightEntry } from '../../train/weights';

/** Three tasks (regression, binary, 3-class multiclass with a fifth of the labels missing). */
export function fusedTestConfig(
  architecture: ArchitectureId,
  method: string,
  batchSize: number,
  samples: number,
): LabConfig {
  const base = smallConfig(
    { tasks: 3, features: 6, samples },
    {
      architecture,
      // The start these tolerances were set on: from PyTorch's smaller start Nash-MTL's solver
      // turns float32 rounding into 2.7e-5 of the largest weight on cross-stitch (bound 1e-5).
      init: 'he-normal',
      hidden: [16, 12],
      tower: [8],
      experts: 3,
      taskExperts: 2,
      sharedExperts: 1,
      levels: 2,
    },
    { batchSize, learningRate: 3e-3, method },
  );
  const specs = base.data.taskSpecs;
  specs[1] = { ...specs[1], kind: 'binary' };
  specs[2] = { ...specs[2], kind: 'multiclass', classes: 3, labelledFraction: 0.8 };
  return base;
}

/** The worst |a − b| over one parameter, relative to the network's largest weight or its own. */
export function worstRelative(a: WeightEntry[], b: WeightEntry[], global: boolean) {
  let worst = { name: '', error: 0 };
  const largest = Math.max(...b.map((w) => Math.max(...Array.from(w.values, Math.abs))));
  for (const ref of b) {
    const got = a.find((w) => w.name === ref.name);
    if (!got) throw new Error(`fused engine lacks ${ref.name}`);
    let err = 0;
    let scale = global ? largest : 1e-12;
    ref.values.forEach((v, i) => {
      err = Math.max(err, Math.abs(got.values[i] - v));
      scale = Math.max(scale, Math.abs(v));
    });
    if (err / scale > worst.error) worst = { name: ref.name, error: err / scale };
  }
  return worst;
}
