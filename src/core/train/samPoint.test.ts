/**
 * Flat-region SAM against the definition, computed independently of samStep.ts's replicated pass
 * (reference seed-systems §3 "Test properties"): for every task i, g_i^SAM = ∇ℓ_i(θ + ε_i) with
 * ε_i = ρ·s_i/‖a_i‖ built here by hand from plain tf.grads (s = a = g plain; s = w⊙w⊙g,
 * a = |w|⊙g adaptive; one norm over the shared and head block, or one per block), and every head
 * gets its gradient at its own task's perturbed point. The replicated pass is then checked against
 * these numbers for each scaling and norm convention, on shared-bottom and MMoE.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import type { ArchitectureId } from '../config/schema';
import { getArchitecture, modelDims } from '../model/registry';
import { outputWidth } from '../model/towers';
import { tf } from '../tf';
import { BatchSampler, uploadSplit, type Batch } from './deviceData';
import { TaskLosses } from './losses';
import { ModelState } from './modelState';
import { samTensors, type SamSettings } from './samStep';
import { datasetFor, smallConfig } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function setup(architecture: ArchitectureId) {
  const config = smallConfig(
    { features: 5, samples: 200 },
    { architecture, hidden: [6], tower: [4], experts: 2 },
    { batchSize: 32 },
  );
  const dataset = datasetFor(config);
  const dims = modelDims(dataset);
  const model = new ModelState(getArchitecture(architecture), config.model, dims, 5);
  const lossFns = new TaskLosses(dataset.tasks, outputWidth(dims));
  const sampler = new BatchSampler(uploadSplit(dataset.train, dataset.features, dims.tasks), 32, 1);
  sampler.prepare(0);
  const batch: Batch = tf.tidy(() => {
    const b = sampler.batch(0);
    return { x: tf.keep(b.x), y: tf.keep(b.y), mask: tf.keep(b.mask) };
  });
  return { model, lossFns, batch, T: dims.tasks };
}

type Setup = ReturnType<typeof setup>;

/** ∇ℓ_i at the given parameter values, one flat array per variable (plain tf.grads). */
function taskGrads(s: Setup, values: tf.Tensor[], i: number): Float64Array[] {
  const onehot = tf.tensor1d(Array.from({ length: s.T }, (_, t) => (t === i ? 1 : 0)));
  const f = (...v: tf.Tensor[]) => {
    const { outputs } = s.model.forward(v, s.batch.x, false);
    return tf.sum(tf.mul(s.lossFns.perTask(outputs, s.batch.y, s.batch.mask), onehot));
  };
  const grads = tf.tidy(() => tf.grads(f)(values));
  const out = grads.map((g) => Float64Array.from(g.dataSync()));
  tf.dispose([...grads, onehot]);
  return out;
}

/** Task i's blocks: the shared parameters flattened, and row i of every task-specific one. */
function blocks(s: Setup, perVariable: ArrayLike<number>[], i: number) {
  const shared = s.model.sharedIndex.flatMap((k) => Array.from(perVariable[k]));
  const head = s.model.taskIndex.flatMap((k) => {
    const n = perVariable[k].length / s.T;
    return Array.from(perVariable[k]).slice(i * n, (i + 1) * n);
  });
  return { shared, head };
}

const norm = (v: number[]) => Math.hypot(...v);

/** ε_i by the formula of §3.1. */
function perturbation(g: { shared: number[]; head: number[] }, w: typeof g, settings: SamSettings) {
  const a = (b: 'shared' | 'head') =>
    g[b].map((x, p) => (settings.adaptive ? Math.abs(w[b][p]) * x : x));
  const s = (b: 'shared' | 'head') =>
    g[b].map((x, p) => (settings.adaptive ? w[b][p] ** 2 * x : x));
  const joint = Math.hypot(norm(a('shared')), norm(a('head')));
  const scale = (b: 'shared' | 'head') =>
    settings.rho / ((settings.norm === 'joint' ? joint : norm(a(b))) + 1e-12);
  return {
    shared: s('shared').map((x) => x * scale('shared')),
    head: s('head').map((x) => x * scale('head')),
  };
}

/** The variables' values with task i's perturbation added (shared block, and row i of each head). */
function perturbed(s: Setup, eps: { shared: number[]; head: number[] }, i: number): tf.Tensor[] {
  let atS = 0;
  let atH = 0;
  return s.model.variables.map((v, k) => {
    const values = Float64Array.from(v.dataSync());
    if (s.model.sharedIndex.includes(k)) {
      values.forEach((x, p) => (values[p] = x + eps.shared[atS + p]));
      atS += values.length;
    } else {
      const n = values.length / s.T;
      for (let p = 0; p < n; p++) values[i * n + p] += eps.head[atH + p];
      atH += n;
    }
    return tf.tensor(Float32Array.from(values), v.shape);
  });
}

const maxAbs = (a: number[], b: ArrayLike<number>) =>
  Math.max(...a.map((v, p) => Math.abs(v - b[p])));

test.each([
  ['shared-bottom', { rho: 0.5, adaptive: false, norm: 'joint' }],
  ['shared-bottom', { rho: 0.5, adaptive: false, norm: 'separate' }],
  ['shared-bottom', { rho: 2, adaptive: true, norm: 'separate' }],
  ['mmoe', { rho: 2, adaptive: true, norm: 'joint' }],
  ['mmoe', { rho: 0.3, adaptive: false, norm: 'separate' }],
] as [ArchitectureId, SamSettings][])(
  '%s %j: g_i^SAM = ∇ℓ_i(θ + ε_i) and each head’s gradient at its own point, ε_i by hand',
  (architecture, settings) => {
    const s = setup(architecture);
    const k = samTensors(s.model, s, s.batch, settings, true);
    const samRows = tf.tidy(() => tf.add(k.J!, k.H!).arraySync() as number[][]);
    const headsAt = k.heads.map((h) => h.dataSync());
    const values = s.model.variables.map((v) => v.dataSync());
    for (let i = 0; i < s.T; i++) {
      const g = blocks(s, taskGrads(s, s.model.variables, i), i);
      const eps = perturbation(g, blocks(s, values, i), settings);
      const at = perturbed(s, eps, i);
      const gSam = blocks(s, taskGrads(s, at, i), i);
      tf.dispose(at);
      const scale = Math.max(...gSam.shared.map(Math.abs));
      // The perturbation moves the gradient well beyond the tolerance: the check is not vacuous.
      expect(maxAbs(gSam.shared, g.shared) / scale).toBeGreaterThan(1e-2);
      expect(maxAbs(gSam.shared, samRows[i]) / scale, `task ${i} shared`).toBeLessThan(1e-4);
      // Heads: row i of each task-specific gradient, at task i's own perturbed point.
      const head = s.model.taskIndex.flatMap((_, j) => {
        const n = headsAt[j].length / s.T;
        return Array.from(headsAt[j].slice(i * n, (i + 1) * n));
      });
      const headScale = Math.max(...gSam.head.map(Math.abs));
      expect(maxAbs(gSam.head, g.head) / headScale).toBeGreaterThan(1e-2);
      expect(maxAbs(gSam.head, head) / headScale, `task ${i} head`).toBeLessThan(1e-4);
    }
    tf.dispose([k.losses, k.packed, ...k.heads, k.J!, k.H!, s.batch.x, s.batch.y, s.batch.mask]);
    s.model.dispose();
  },
);
