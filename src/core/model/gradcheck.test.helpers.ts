/**
 * Test support: a tiny batch with one task of every kind, and the per-task gradients of an
 * architecture computed two ways (the engine's replicated backward, and T separate backwards).
 * Used only by unit tests on the CPU backend, where synchronous reads are safe.
 */
import { tf } from '../tf';
import type { ModelConfig } from '../config/schema';
import type { TaskInfo } from '../data/types';
import type { Batch } from '../train/deviceData';
import { withAuxLoss } from '../train/auxLoss';
import { perTaskGradients } from '../train/gradients';
import { TaskLosses } from '../train/losses';
import { ModelState } from '../train/modelState';
import { createNormal, createRandom } from './random';
import { getArchitecture } from './registry';
import { outputWidth } from './towers';

export const MIXED_TASKS: TaskInfo[] = [
  { name: 'r', kind: 'regression', outputs: 1 },
  { name: 'b', kind: 'binary', outputs: 1 },
  { name: 'm', kind: 'multiclass', outputs: 3 },
];

export function tinyModelConfig(architecture: ModelConfig['architecture']): ModelConfig {
  return {
    architecture,
    hidden: [6],
    tower: [4],
    experts: 3,
    sharedExperts: 2,
    taskExperts: 1,
    levels: 2,
    embedDim: 4,
    heads: 2,
    ffHidden: 8,
    taskMask: 'TxT',
    headInit: 'independent',
    // The draw these gradient checks were written on: from PyTorch's init a ReLU of the tiny
    // MMoE sits within the finite-difference step of its kink (relative error 2.3e-2).
    init: 'he-normal',
    exclusivity: 'none',
    exclusivityFraction: 0.75,
    exclusivityGate: 'mask',
    exclusivitySeed: 1,
    safeGate: 'softmax',
    moeK: 2,
    moeGate: 'task',
    moeNoise: 'noisy',
    moeBalance: 0.01,
    inputsOff: [],
    featureGroups: [],
    groupWidth: 8,
  };
}

export function mixedBatch(rows: number, features: number, seed = 3): Batch {
  const normal = createNormal(createRandom(seed));
  const rand = createRandom(seed + 1);
  const x = Float32Array.from({ length: rows * features }, () => normal());
  const y = new Float32Array(rows * 3);
  const mask = new Float32Array(rows * 3).fill(1);
  for (let r = 0; r < rows; r++) {
    y[r * 3] = normal();
    y[r * 3 + 1] = rand() < 0.5 ? 0 : 1;
    y[r * 3 + 2] = Math.floor(rand() * 3);
    if (r % 4 === 1) mask[r * 3 + 1] = 0;
  }
  return {
    x: tf.tensor2d(x, [rows, features]),
    y: tf.tensor2d(y, [rows, 3]),
    mask: tf.tensor2d(mask, [rows, 3]),
  };
}

export interface GradientPair {
  /** Per-task gradient rows on the shared parameters, [T][P]. */
  jacobian: number[][];
  /** Task-specific gradients per parameter, each flattened [T * size]. */
  heads: number[][];
}

export function setup(architecture: ModelConfig['architecture'], features = 5, weightSeed = 7) {
  const dims = { features, tasks: MIXED_TASKS.length, outputs: MIXED_TASKS.map((t) => t.outputs) };
  const model = new ModelState(
    getArchitecture(architecture),
    tinyModelConfig(architecture),
    dims,
    weightSeed,
  );
  const lossFns = new TaskLosses(MIXED_TASKS, outputWidth(dims));
  return { model, lossFns, dims };
}

export function replicatedGradients(
  model: ModelState,
  lossFns: TaskLosses,
  batch: Batch,
): GradientPair {
  return tf.tidy(() => {
    const g = perTaskGradients(model, lossFns, batch);
    return {
      jacobian: g.jacobian ? (g.jacobian.arraySync() as number[][]) : MIXED_TASKS.map(() => []),
      heads: g.headGrads.map((h) => Array.from(h.dataSync())),
    };
  });
}

/** T separate backwards, each of one task's loss through the plain (C = 1) forward. */
export function separateGradients(
  model: ModelState,
  lossFns: TaskLosses,
  batch: Batch,
): GradientPair {
  const T = model.dims.tasks;
  return tf.tidy(() => {
    const jacobian: number[][] = [];
    const heads: number[][] = model.taskIndex.map(() => []);
    for (let t = 0; t < T; t++) {
      const f = (...values: tf.Tensor[]) => {
        const out = model.forward(values, batch.x, false);
        return tf.gather(withAuxLoss(lossFns.perTask(out.outputs, batch.y, batch.mask), out), t);
      };
      const grads = tf.grads(f)(model.variables);
      jacobian.push(model.sharedIndex.flatMap((i) => Array.from(grads[i].dataSync())));
      model.taskIndex.forEach((i, j) => {
        const all = grads[i].dataSync();
        const per = all.length / T;
        // Own-task slice into row t; other tasks' slices must be zero, checked by the caller.
        heads[j].push(...Array.from(all.subarray(t * per, (t + 1) * per)));
        for (let s = 0; s < T; s++) {
          if (s === t) continue;
          const leak = Math.max(0, ...Array.from(all.subarray(s * per, (s + 1) * per), Math.abs));
          if (leak > 0)
            throw new Error(`task ${t}'s loss reaches task ${s}'s slice of ${model.specs[i].name}`);
        }
      });
    }
    return { jacobian, heads };
  });
}

/**
 * How far the replicated per-task gradients are from T separate backwards, relative to the
 * largest separate entry (at least 1), and how many tasks' shared-gradient rows are all zero.
 */
export function replicatedGap(
  model: ModelState,
  lossFns: TaskLosses,
  batch: Batch,
): { gap: number; zeroRows: number } {
  const rep = replicatedGradients(model, lossFns, batch);
  const sep = separateGradients(model, lossFns, batch);
  const scale = Math.max(1, ...sep.jacobian.flat().map(Math.abs));
  const diff = (a: number[], b: number[]) => {
    if (a.length !== b.length) return Infinity;
    return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  };
  const gaps = [
    ...sep.jacobian.map((row, t) => diff(rep.jacobian[t], row)),
    ...sep.heads.map((h, j) => diff(rep.heads[j], h)),
  ];
  return {
    gap: Math.max(0, ...gaps) / scale,
    zeroRows: sep.jacobian.filter((row) => row.every((v) => v === 0)).length,
  };
}
