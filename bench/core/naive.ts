/**
 * The NAIVE training step the benchmark compares against: plain tfjs with tf.train.adam.
 *   EW:      one optimizer.minimize of the summed task losses.
 *   PCGrad:  T tf.variableGrads calls (one forward + backward per task), the shared gradients
 *            flattened and projected pairwise in tf ops (tf.where on the dot products, no
 *            readback), summed and applied with each task's own tower gradients.
 *   CAGrad:  T tf.variableGrads calls, the Gram matrix read back once, the CAGrad weights solved
 *            on the host, d = wᵀG in tf ops.
 */
import { tf } from '../../src/core/tf';
import type { LabConfig } from '../../src/core/config/schema';
import { cagradWeights } from '../../src/core/methods/cagrad';
import { createRandom, permutation } from '../../src/core/model/random';
import type { Dataset } from '../../src/core/data/types';
import {
  allVariables,
  createNaiveNet,
  disposeNaiveNet,
  representations,
  sharedVariables,
  taskLoss,
  taskVariables,
  type NaiveNet,
} from './naiveModel';
import type { BenchSubject } from './subject';

export function createNaiveSubject(config: LabConfig, dataset: Dataset): BenchSubject {
  const net = createNaiveNet(config);
  const method = config.train.method;
  const B = config.train.batchSize;
  const rows = dataset.train.rows;
  const T = config.data.tasks;
  const x = tf.tensor2d(dataset.train.x, [rows, config.data.features]);
  const y = tf.tensor2d(dataset.train.y, [rows, T]);
  const optimizer = tf.train.adam(config.train.learningRate);
  const random = createRandom(config.train.weightSeed + 1);
  const variables = allVariables(net);
  const shared = sharedVariables(net);
  let order: Int32Array = new Int32Array(0);
  let step = 0;
  let lastLoss: tf.Scalar | null = null;

  const batch = (): { xb: tf.Tensor2D; yb: tf.Tensor2D } => {
    const perEpoch = Math.floor(rows / B);
    const k = step % perEpoch;
    if (k === 0) order = Int32Array.from(permutation(rows, random));
    const idx = tf.tensor1d(order.subarray(k * B, (k + 1) * B), 'int32');
    return { xb: tf.gather(x, idx), yb: tf.gather(y, idx) };
  };

  const keepLoss = (loss: tf.Scalar) => {
    lastLoss?.dispose();
    lastLoss = tf.keep(loss);
  };

  const ewStep = () =>
    tf.tidy(() => {
      const { xb, yb } = batch();
      const loss = optimizer.minimize(() => {
        const reps = representations(net, xb);
        return tf.addN(reps.map((r, t) => taskLoss(net, r, yb, t))) as tf.Scalar;
      }, true);
      if (loss) keepLoss(loss);
    });

  /** Per-task losses and gradients: T separate forward + backward passes. */
  const perTask = (xb: tf.Tensor2D, yb: tf.Tensor2D) =>
    Array.from({ length: T }, (_, t) =>
      tf.variableGrads(
        () => taskLoss(net, representations(net, xb)[t], yb, t),
        [...shared, ...taskVariables(net, t)],
      ),
    );

  const flatShared = (grads: tf.NamedTensorMap): tf.Tensor1D =>
    tf.concat(shared.map((v) => tf.reshape(grads[v.name], [-1]))) as tf.Tensor1D;

  const applyAll = (d: tf.Tensor1D, parts: ReturnType<typeof perTask>) => {
    const sizes = shared.map((v) => v.size);
    const pieces = tf.split(d, sizes);
    const named: tf.NamedTensorMap = {};
    shared.forEach((v, i) => (named[v.name] = tf.reshape(pieces[i], v.shape)));
    parts.forEach((p, t) =>
      taskVariables(net, t).forEach((v) => (named[v.name] = p.grads[v.name])),
    );
    // Same variables in the same order every step (tfjs optimizers key slots by position).
    optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: named[v.name] })));
    keepLoss(tf.addN(parts.map((p) => p.value)) as tf.Scalar);
  };

  const pcgradStep = () =>
    tf.tidy(() => {
      const { xb, yb } = batch();
      const parts = perTask(xb, yb);
      const g = parts.map((p) => flatShared(p.grads));
      const projected = g.map((gi, i) => {
        let out = gi;
        const others = permutation(T, random).filter((j) => j !== i);
        for (const j of others) {
          const dot = tf.sum(tf.mul(out, g[j]));
          const coef = tf.where(tf.less(dot, 0), tf.div(dot, tf.sum(tf.square(g[j]))), 0);
          out = tf.sub(out, tf.mul(coef, g[j]));
        }
        return out;
      });
      applyAll(tf.addN(projected) as tf.Tensor1D, parts);
    });

  const cagradStep = async () => {
    const kept = tf.tidy(() => {
      const { xb, yb } = batch();
      const parts = perTask(xb, yb);
      const G = tf.stack(parts.map((p) => flatShared(p.grads))) as tf.Tensor2D;
      const gram = tf.matMul(G, G, false, true);
      return { parts, G, gram };
    });
    const gram = Float64Array.from(await kept.gram.data());
    const w = cagradWeights(gram, T, 0.5, 1);
    tf.tidy(() => {
      const d = tf.reshape(tf.matMul(tf.tensor2d(Float32Array.from(w), [1, T]), kept.G), [-1]);
      applyAll(d as tf.Tensor1D, kept.parts);
    });
    tf.dispose([
      kept.G,
      kept.gram,
      ...kept.parts.flatMap((p) => [p.value, ...Object.values(p.grads)]),
    ]);
  };

  return {
    async train(steps: number) {
      for (let i = 0; i < steps; i++) {
        if (method === 'ew') ewStep();
        else if (method === 'pcgrad') pcgradStep();
        else await cagradStep();
        step++;
      }
    },
    async sync() {
      if (lastLoss) await lastLoss.data();
    },
    dispose() {
      lastLoss?.dispose();
      optimizer.dispose();
      disposeNaiveNet(net as NaiveNet);
      tf.dispose([x, y]);
    },
  };
}
