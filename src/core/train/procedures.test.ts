/**
 * Training procedures (issue #19 items 3 and 5; reference seed-systems §2.2 and §3 "Test
 * properties"): flat-region SAM and MMoEEx's two-step FOMAML, each checked against an independent
 * computation, plus their training runs on ρ = 0.8 data.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ArchitectureId, LabConfig } from '../config/schema';
import type { ProcedureHooks } from '../methods/types';
import { lbtwWeights, createLbtw } from '../methods/procedures/lbtw';
import { modelDims, getArchitecture } from '../model/registry';
import { outputWidth } from '../model/towers';
import { createRandom } from '../model/random';
import { tf } from '../tf';
import type { OptimizerArgs } from './api';
import type { Optimizer } from './optimizer';
import { BatchSampler, uploadSplit, type Batch } from './deviceData';
import { fomamlStep, splitBatch } from './fomamlStep';
import { TaskLosses } from './losses';
import { ModelState } from './modelState';
import { getMethod, resolveOptions } from '../methods/registry';
import { samProcedure } from '../methods/procedures/sam';
import { wrapMethod } from '../methods/procedures/wrap';
import type { MethodDefinition } from '../methods/types';
import { resolveMethod } from './resolveMethod';
import { wasmFusedEngine } from '../engines/wasm-fused/engine';
import { samPerturbation, samStep, samTensors } from './samStep';
import type { StepContext } from './stepCommon';
import { createTrainer } from './trainer';
import { datasetFor, smallConfig } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Train = Partial<LabConfig['train']>;

/** An optimizer that records every update's gradients and changes nothing. */
function recordingOptimizer(): {
  create: (a: OptimizerArgs) => Optimizer;
  grads: Float32Array[][];
} {
  const grads: Float32Array[][] = [];
  const create = (): Optimizer => ({
    updates: 0,
    apply: (g) => void grads.push(g.map((t) => t.dataSync() as Float32Array)),
    reset: () => undefined,
    setLearningRate: () => undefined,
    exportMoments: () => Promise.resolve({ updates: 0, m: [], v: [] }),
    importMoments: () => undefined,
    dispose: () => undefined,
  });
  return { create, grads };
}

/** A step context like the trainer's, on a recording optimizer, with the first batch. */
function harness(architecture: ArchitectureId, train: Train) {
  const config = smallConfig(
    { features: 6, samples: 400 },
    { architecture, hidden: [8], tower: [4], experts: 3 },
    { batchSize: 40, ...train },
  );
  const dataset = datasetFor(config);
  const dims = modelDims(dataset);
  const model = new ModelState(
    getArchitecture(architecture),
    config.model,
    dims,
    config.train.weightSeed,
  );
  const method = resolveMethod(config.train);
  const instance = method.create({
    tasks: dims.tasks,
    options: resolveOptions(method, config.train.methodOptions),
    learningRate: config.train.learningRate,
    random: createRandom(1),
  });
  const rec = recordingOptimizer();
  const split = uploadSplit(dataset.train, dataset.features, dims.tasks);
  const sampler = new BatchSampler(split, config.train.batchSize, 1);
  const ctx: StepContext = {
    model,
    lossFns: new TaskLosses(dataset.tasks, outputWidth(dims)),
    optimizer: rec.create({ variables: [], specs: [], learningRate: 1, tasks: dims.tasks }),
    sampler,
    method: instance,
    needs: method.needs,
    lossSum: tf.variable(tf.zeros([dims.tasks]), false),
  };
  sampler.prepare(0);
  const batch: Batch = tf.tidy(() => {
    const b = sampler.batch(0);
    return { x: tf.keep(b.x), y: tf.keep(b.y), mask: tf.keep(b.mask) };
  });
  return { ctx, hooks: instance.procedure as ProcedureHooks, batch, rec, T: dims.tasks };
}

const values = (model: ModelState) => model.variables.map((v) => v.dataSync().slice());
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(0, ...Array.from(a, (v, i) => Math.abs(v - b[i])));
const rowNorms = (t: tf.Tensor2D) => Array.from(tf.tidy(() => tf.norm(t, 2, 1)).dataSync());

describe('flat-region SAM', () => {
  test('ε_i has norm ρ per task: joint over both blocks, or per block; ASAM in |w| units', () => {
    tf.tidy(() => {
      const gS = tf.randomNormal([3, 20], 0, 1, 'float32', 1) as tf.Tensor2D;
      const gH = tf.randomNormal([3, 7], 0, 1, 'float32', 2) as tf.Tensor2D;
      const wS = tf.randomNormal([1, 20], 0, 1, 'float32', 3) as tf.Tensor2D;
      const wH = tf.randomNormal([3, 7], 0, 1, 'float32', 4) as tf.Tensor2D;
      const rho = 0.3;
      const joint = samPerturbation(gS, wS, gH, wH, { rho, adaptive: false, norm: 'joint' });
      rowNorms(tf.concat([joint.shared!, joint.heads!], 1) as tf.Tensor2D).forEach((n) =>
        expect(n).toBeCloseTo(rho, 5),
      );
      // Plain SAM points along the gradient.
      const cos = tf.sum(tf.mul(joint.shared!, gS), 1).dataSync();
      cos.forEach((c) => expect(c).toBeGreaterThan(0));
      const sep = samPerturbation(gS, wS, gH, wH, { rho, adaptive: false, norm: 'separate' });
      [...rowNorms(sep.shared!), ...rowNorms(sep.heads!)].forEach((n) =>
        expect(n).toBeCloseTo(rho, 5),
      );
      const asam = samPerturbation(gS, wS, gH, wH, { rho: 2, adaptive: true, norm: 'separate' });
      [
        ...rowNorms(tf.div(asam.shared!, tf.abs(wS)) as tf.Tensor2D),
        ...rowNorms(tf.div(asam.heads!, tf.abs(wH)) as tf.Tensor2D),
      ].forEach((n) => expect(n).toBeCloseTo(2, 4));
    });
  });

  test('ρ = 0 trains bit for bit like the wrapped gradient method', async () => {
    for (const method of ['pcgrad', 'mgda', 'cagrad']) {
      const run = async (train: Train) => {
        const config = smallConfig(
          { features: 6, samples: 300 },
          { architecture: 'mmoe', hidden: [8], tower: [4], experts: 3 },
          { batchSize: 50, method, ...train },
        );
        const trainer = await createTrainer({ config, dataset: datasetFor(config) });
        await trainer.train(6);
        const w = await trainer.exportWeights();
        trainer.dispose();
        return w.flatMap((e) => Array.from(e.values));
      };
      const base = await run({});
      const sam = await run({ procedure: 'sam', methodOptions: { sam_rho: 0 } });
      expect(sam, method).toEqual(base);
      const moved = await run({ procedure: 'sam', methodOptions: { sam_rho: 0.05 } });
      expect(maxAbs(moved, base), method).toBeGreaterThan(0);
    }
  });

  test('the weights are exactly restored; EW gets d = Σ g_i^SAM and heads their perturbed gradient', async () => {
    for (const norm of ['joint', 'separate']) {
      const h = harness('shared-bottom', {
        method: 'ew',
        procedure: 'sam',
        methodOptions: { sam_rho: 0.5, sam_adaptive: false, sam_norm: norm },
      });
      const before = values(h.ctx.model);
      const expected = samTensors(
        h.ctx.model,
        h.ctx,
        h.batch,
        { rho: 0.5, adaptive: false, norm: norm as 'joint' },
        false,
      );
      const jSam = tf.tidy(() => tf.sum(tf.add(expected.J!, expected.H!), 0)).dataSync();
      await samStep(h.ctx, h.hooks, 0, h.batch);
      // Nothing was applied (recording optimizer): every weight is bit for bit what it was.
      values(h.ctx.model).forEach((v, i) => expect(maxAbs(v, before[i])).toBe(0));
      const grads = h.rec.grads[0];
      const shared = h.ctx.model.sharedIndex.flatMap((i) => Array.from(grads[i]));
      expect(maxAbs(shared, jSam)).toBeLessThan(1e-5);
      const heads = h.ctx.model.taskIndex.map((i) => grads[i]);
      expected.heads.forEach((g, k) => expect(maxAbs(heads[k], g.dataSync())).toBe(0));
      // The flatness gradients are not zero at ρ = 0.5, and the display state has them.
      const state = h.ctx.method.state!();
      expect(state.samFlatGradNorm.every((n) => n > 0)).toBe(true);
      expect(state.samFlatCos[0]).toBeCloseTo(1, 5);
      tf.dispose([expected.losses, expected.packed, ...expected.heads, expected.J!, expected.H!]);
    }
  });

  test('a wrapped method aggregates g and h separately: d = MGDA(g) + MGDA(h) ≠ MGDA(g + h)', async () => {
    const settings = { rho: 1, adaptive: false, norm: 'separate' as const };
    const h = harness('shared-bottom', {
      method: 'mgda',
      procedure: 'sam',
      methodOptions: { sam_rho: 1, sam_adaptive: false },
    });
    const k = samTensors(h.ctx.model, h.ctx, h.batch, settings, true);
    const J = k.J!.arraySync();
    const H = k.H!.arraySync();
    tf.dispose([k.losses, k.packed, ...k.heads, k.J!, k.H!]);
    const mgda = getMethod('mgda');
    const weightsOf = (rows: number[][]) => {
      const T = rows.length;
      const gram = Float64Array.from({ length: T * T }, (_, q) =>
        rows[Math.floor(q / T)].reduce((a, v, p) => a + v * rows[q % T][p], 0),
      );
      const instance = mgda.create({
        tasks: T,
        options: resolveOptions(mgda, {}),
        learningRate: 1,
        random: createRandom(1),
      });
      return instance.aggregate({
        step: 0,
        stepsPerEpoch: 1,
        gram,
        losses: new Float64Array(T).fill(1),
      }).weights!;
    };
    const combine = (rows: number[][], w: Float64Array) =>
      rows[0].map((_, p) => rows.reduce((a, row, t) => a + w[t] * row[p], 0));
    const wg = weightsOf(J);
    const wh = weightsOf(H);
    const separate = combine(J, wg).map((v, p) => v + combine(H, wh)[p]);
    const sum = J.map((row, t) => row.map((v, p) => v + H[t][p]));
    const together = combine(sum, weightsOf(sum));
    await samStep(h.ctx, h.hooks, 0, h.batch);
    const shared = h.ctx.model.sharedIndex.flatMap((i) => Array.from(h.rec.grads[0][i]));
    const scale = Math.max(...separate.map(Math.abs));
    expect(maxAbs(shared, separate) / scale).toBeLessThan(1e-4);
    expect(maxAbs(separate, together) / scale).toBeGreaterThan(1e-3);
  });

  test('a stateful method keeps two states: one sees the loss Gram, the other the flatness Gram', async () => {
    const h = harness('shared-bottom', { method: 'ew', procedure: 'sam' });
    const seen: Float64Array[][] = [];
    const counting: MethodDefinition = {
      ...getMethod('mgda'),
      create: (context) => {
        const mine: Float64Array[] = [];
        seen.push(mine);
        const inner = getMethod('mgda').create(context);
        return { aggregate: (input) => (mine.push(input.gram!), inner.aggregate(input)) };
      },
    };
    const wrapped = wrapMethod(counting, samProcedure).create({
      tasks: h.T,
      options: resolveOptions(wrapMethod(counting, samProcedure), {}),
      learningRate: 1,
      random: createRandom(1),
    });
    h.ctx.method = wrapped;
    await samStep(h.ctx, wrapped.procedure!, 0, h.batch);
    await samStep(h.ctx, wrapped.procedure!, 1, h.batch);
    expect(seen).toHaveLength(2);
    expect(seen.map((grams) => grams.length)).toEqual([2, 2]);
    const state = wrapped.state!();
    const gNorm0 = Math.sqrt(seen[0][1][0]);
    const hNorm0 = Math.sqrt(seen[1][1][0]);
    expect(gNorm0).toBeCloseTo(state.samLossGradNorm[0], 4);
    expect(hNorm0).toBeCloseTo(state.samFlatGradNorm[0], 4);
    expect(hNorm0).not.toBeCloseTo(gNorm0, 4);
  });

  test('SAM refuses loss-weighting and representation-gradient methods with a reason', () => {
    expect(() => resolveMethod({ method: 'uw', procedure: 'sam' })).toThrow(
      /weights the losses itself/,
    );
    expect(() => resolveMethod({ method: 'graddrop', procedure: 'sam' })).toThrow(/representation/);
    expect(resolveMethod({ method: 'ew', procedure: 'sam' }).needs.procedure).toBe('sam');
  });
});

describe('two-step FOMAML', () => {
  test('LBTW weights are (ℓ/ℓ_first)^α clipped to [0.5, 1.5], reset each epoch', () => {
    expect(Array.from(lbtwWeights([4, 1, 0.01, 1], [1, 1, 1, 0], 0.5))).toEqual([1.5, 1, 0.5, 1]);
    expect(lbtwWeights([0.81], [1], 0.5)[0]).toBeCloseTo(0.9, 12);
    const lbtw = createLbtw(1, 0.5);
    expect(lbtw(0, 10, Float64Array.of(2))[0]).toBe(1);
    expect(lbtw(5, 10, Float64Array.of(1.44))[0]).toBeCloseTo(Math.sqrt(0.72), 12);
    expect(lbtw(10, 10, Float64Array.of(1.44))[0]).toBe(1); // new epoch, new reference
  });

  test('η_in = 0 gives the gradient of Σλ_k L_k on the outer split', async () => {
    const h = harness('mmoe', {
      method: 'ew',
      procedure: 'fomaml',
      methodOptions: { maml_inner_lr: 0 },
    });
    const { model, lossFns } = h.ctx;
    const expected = tf.tidy(() => {
      const { outer } = splitBatch(h.batch, 0.8);
      const f = (...v: tf.Tensor[]) =>
        tf.sum(lossFns.perTask(model.forward(v, outer.x, false).outputs, outer.y, outer.mask));
      return tf
        .grads(f)(model.variables)
        .map((g) => g.dataSync());
    });
    await fomamlStep(h.ctx, h.hooks, 0, h.batch);
    h.rec.grads[0].forEach((g, i) =>
      expect(maxAbs(g, expected[i]), model.specs[i].name).toBeLessThan(1e-6),
    );
  });

  test('η_in > 0: each task’s gradient at θ − η_in ∇L_k^inner, task by task, with LBTW λ', async () => {
    const eta = 0.05;
    const h = harness('shared-bottom', {
      method: 'ew',
      procedure: 'fomaml',
      methodOptions: { maml_inner_lr: eta, maml_lbtw: true },
    });
    const { model, lossFns } = h.ctx;
    const T = h.T;
    const expected = tf.tidy(() => {
      const { inner, outer } = splitBatch(h.batch, 0.8);
      const taskLoss =
        (b: Batch, k: number) =>
        (...v: tf.Tensor[]) =>
          tf.sum(
            tf.slice(lossFns.perTask(model.forward(v, b.x, false).outputs, b.y, b.mask), [k], [1]),
          );
      const total = model.variables.map((v) => tf.zerosLike(v));
      for (let k = 0; k < T; k++) {
        const gin = tf.grads(taskLoss(inner, k))(model.variables);
        const moved = model.variables.map((v, i) => tf.sub(v, tf.mul(eta, gin[i])));
        const gout = tf.grads(taskLoss(outer, k))(moved);
        gout.forEach((g, i) => (total[i] = tf.add(total[i], g)));
      }
      return total.map((g) => g.dataSync());
    });
    await fomamlStep(h.ctx, h.hooks, 0, h.batch);
    // Step 0 is the epoch's first batch: LBTW λ = 1 exactly.
    expect(h.ctx.method.state!().mamlLossWeights).toEqual([1, 1, 1]);
    h.rec.grads[0].forEach((g, i) =>
      expect(maxAbs(g, expected[i]), model.specs[i].name).toBeLessThan(1e-5),
    );
    // The inner step matters: the update is not the η_in = 0 one.
    const h0 = harness('shared-bottom', {
      method: 'ew',
      procedure: 'fomaml',
      methodOptions: { maml_inner_lr: 0 },
    });
    await fomamlStep(h0.ctx, h0.hooks, 0, h0.batch);
    expect(maxAbs(h0.rec.grads[0][0], h.rec.grads[0][0])).toBeGreaterThan(1e-4);
  });

  test('a batch too small to split says so', () => {
    const h = harness('shared-bottom', { method: 'ew', procedure: 'fomaml' });
    expect(() => tf.tidy(() => void splitBatch(h.batch, 0.01))).toThrow(/inner and 40 outer rows/);
  });
});

test.each([
  ['shared-bottom', { method: 'ew', procedure: 'sam' }],
  [
    'mmoe',
    { method: 'pcgrad', procedure: 'sam', methodOptions: { sam_rho: 0.05, sam_adaptive: false } },
  ],
  ['shared-bottom', { method: 'mgda', procedure: 'sam', lossTransform: 'log' }],
  ['shared-bottom', { method: 'ew', procedure: 'fomaml' }],
  ['mmoe', { method: 'ew', procedure: 'fomaml', methodOptions: { maml_lbtw: true } }],
  ['mmoe', { method: 'gradvac', procedure: 'fomaml' }],
  ['cgc', { method: 'uw', procedure: 'fomaml' }],
  ['stl', { method: 'ew', procedure: 'sam' }],
  ['stl', { method: 'ew', procedure: 'fomaml' }],
  ['cross-stitch', { method: 'mgda', procedure: 'sam', methodOptions: { sam_rho: 0.05 } }],
  [
    'ple',
    { method: 'nashmtl', procedure: 'sam', methodOptions: { sam_rho: 0.05, sam_adaptive: false } },
  ],
] as [ArchitectureId, Train][])(
  '%s %j lowers every task loss without NaN',
  async (architecture, train) => {
    const config = smallConfig(
      { features: 8, samples: 500, rho: 0.8 },
      { architecture, hidden: [16], tower: [8], experts: 3 },
      { batchSize: 64, learningRate: 1e-2, ...train },
    );
    const trainer = await createTrainer({ config, dataset: datasetFor(config) });
    await trainer.train(4);
    const first = await trainer.snapshot();
    const count = tf.memory().numTensors;
    await trainer.train(60);
    const last = await trainer.snapshot();
    expect(tf.memory().numTensors).toBe(count);
    trainer.dispose();
    expect(last.diverged).toBe(false);
    last.trainLoss.forEach((loss, t) => expect(loss, `task ${t}`).toBeLessThan(first.trainLoss[t]));
  },
);

test('the fused wasm engine declines a procedure with a reason, so the lab falls back to tfjs', () => {
  const arch = getArchitecture('shared-bottom');
  expect(wasmFusedEngine.supports(arch, resolveMethod({ method: 'ew' }).needs)).toBeNull();
  for (const procedure of ['sam', 'fomaml'] as const) {
    const needs = resolveMethod({ method: 'ew', procedure }).needs;
    expect(wasmFusedEngine.supports(arch, needs)).toMatch(/fused wasm engine has no kernels for/);
  }
});
