/**
 * The tfjs engine's `Ops` (src/core/model/ops.ts) over tf tensors, bound to one forward's
 * parameter record. Values carry the copies axis C in front ([C, ...stacks, B, width]): C = 1 in a
 * plain step, C = T in the replicated per-task backward (src/core/train/modelState.ts), where
 * every shared parameter arrives as [C, ...] and copy t only feeds task t. Task-specific
 * parameters ([T, ...]) take the copies' place: their outputs are per task (`ownCopies` makes the
 * same switch explicitly). Each op is the tf code the architectures called before issue 17, so
 * values and gradients are unchanged.
 */
import { tf } from '../../tf';
import type { Activation, GateMask, Ops } from '../../model/ops';
import { softmax } from '../webgpu/softmax';
import { tap } from './activationTap';
import {
  alignLead,
  denseLayer,
  gelu,
  layerNorm,
  mixExperts,
  ownCopies,
  packedOf,
  param,
  repeatNew,
  type Params,
} from './layers';
import type { TfjsKernels } from './kernels';
import { hardGate } from './hardGate';

/** What a forward reported besides its outputs (tfjsForward's ForwardResult). */
export interface Marks {
  representation?: tf.Tensor3D;
  gates?: tf.Tensor2D;
  attention?: tf.Tensor2D;
  /** Each task's share of the architecture's auxiliary training loss [T] (loadBalance). */
  auxLoss?: tf.Tensor1D;
  /** The fraction of the batch's rows routed to each expert, per task [T, E] (loadBalance). */
  routing?: tf.Tensor2D;
}

/** Apply closed cells to gate logits [..., T, B, n] (mask: −1e30; pinned: logit 0). */
export function maskGateLogits(logits: tf.Tensor, closed: GateMask): tf.Tensor {
  const T = closed.open.length;
  const n = closed.open[0].length;
  const values = closed.open.flat();
  if (closed.gate === 'pinned') return tf.mul(logits, tf.tensor3d(values, [T, 1, n]));
  return tf.add(
    logits,
    tf.tensor3d(
      values.map((v) => (v ? 0 : -1e30)),
      [T, 1, n],
    ),
  );
}

/**
 * `f` of a tensor as a constant: its value, and no gradient (tf.topk has none registered, and
 * a rounding choice has none to give). The ops inside are not on the tape.
 */
const constant = (f: (x: tf.Tensor) => tf.Tensor) =>
  tf.customGrad((x) => ({
    value: f(x as tf.Tensor),
    gradFunc: () => tf.zerosLike(x as tf.Tensor),
  }));

/**
 * One-hot rows of int indices [...] as float32 [..., n], in float ops: 1 − sign|i − e|. Not
 * tf.oneHot: tfjs-wasm's ignores a float32 dtype (writes int bits, 1 reads as 1.4e-45), and on
 * tfjs-webgpu an int32 or bool one-hot cast to float32 builds an invalid program.
 */
const oneHot = (indices: tf.Tensor, n: number) =>
  tf.sub(
    1,
    tf.sign(tf.abs(tf.sub(tf.expandDims(tf.cast(indices, 'float32'), -1), tf.range(0, n)))),
  );

/** A 1 at the k largest entries of each row of h [..., n] (ties: the lower index), 0 elsewhere. */
const topKMask = (k: number) =>
  constant((h) => tf.sum(oneHot(tf.topk(h, k).indices, h.shape[h.rank - 1]), h.rank - 1));

/** The fraction of rows of probs [T, B, n] whose largest entry is e, over all T·B rows: [n]. */
const topOneShare = constant((probs) => {
  const n = probs.shape[probs.rank - 1];
  return tf.mean(tf.reshape(oneHot(tf.argMax(probs, -1), n), [-1, n]), 0);
});

/** Switch load balancing (Ops.loadBalance) on per-task probs [T, B, n]: shares [T], usage [T, n]. */
function loadBalance(
  probs: tf.Tensor,
  gates: tf.Tensor,
  alpha: number,
): { aux: tf.Tensor1D; usage: tf.Tensor2D; routed: tf.Tensor } {
  const [T, , n] = probs.shape;
  // f_e over every (row, task) decision (no gradient); P_{t,e} per task; Σ_e f_e P_{t,e}.
  const f = topOneShare(probs);
  const P = tf.mean(probs, 1); // [T, n]
  const aux = tf.mul(tf.sum(tf.mul(P, f), 1), (alpha * n) / T) as tf.Tensor1D;
  // 1 where a weight is non-zero (gates ≥ 0). Not greater + cast: under a gradient tape tfjs's
  // webgpu backend builds an invalid program for it (f32 output written as i32).
  const routed = tf.sign(gates); // [T, B, n]
  return { aux, usage: tf.mean(routed, 1) as tf.Tensor2D, routed };
}

/** All stacks after the copies axis as one: [C, S, B, W]. */
function oneStackAxis(v: tf.Tensor): tf.Tensor {
  return tf.reshape(v, [v.shape[0], -1, ...v.shape.slice(-2)]);
}

function normalize(params: Params, name: string, h: tf.Tensor): tf.Tensor {
  const C = h.shape[0];
  const w = h.shape[h.rank - 1];
  const shape = [C, ...h.shape.slice(1, -1).map(() => 1), w];
  return layerNorm(
    h,
    tf.reshape(param(params, `${name}/gain`), shape),
    tf.reshape(param(params, `${name}/bias`), shape),
  );
}

/**
 * The Ops of one forward over `params` (a record from ModelState, packed or tapped) with the
 * variants `k` picked for the backend (kernels.ts); a packed record is recognised here, once.
 */
export function tfjsOps(
  params: Params,
  tasks: number,
  marks: Marks,
  k: TfjsKernels,
  noiseSeed: number | null = null,
): Ops<tf.Tensor> {
  const packed = packedOf(params);
  const dense = (h: tf.Tensor, prefix: string, activation: Activation = 'linear') =>
    denseLayer(k, h, params, prefix, activation, packed);
  /** A shared Linear over the last axis, every axis between copies and width being rows. */
  const linear = (h: tf.Tensor, prefix: string) => {
    const out = dense(tf.reshape(h, [h.shape[0], -1, h.shape[h.rank - 1]]), prefix);
    return tf.reshape(out, [...h.shape.slice(0, -1), out.shape[out.rank - 1]]);
  };
  return {
    tasks,
    dense,
    repeat(v, outer, inner) {
      let out = outer > 1 ? repeatNew(k, v, 1, outer) : v;
      if (inner > 1) out = repeatNew(k, out, out.rank - 2, inner);
      return out;
    },
    concat(a, b, groups) {
      // One group: every stack of a copy; otherwise a and b share all but their last stack axis.
      if (groups === 1) return tf.concat([oneStackAxis(a), oneStackAxis(b)], 1);
      return tf.concat([a, b], a.rank - 3);
    },
    softmax: (logits, closed) => softmax(closed ? maskGateLogits(logits, closed) : logits),
    mixExperts(gates, experts) {
      const [B, E] = gates.shape.slice(-2);
      const H = experts.shape[experts.rank - 1];
      const mixed = mixExperts(tf.reshape(gates, [-1, B, E]), tf.reshape(experts, [-1, E, B, H]));
      return tf.reshape(mixed, [...gates.shape.slice(0, -1), H]);
    },
    ownCopies: (v) => ownCopies(v, tasks),
    alignCopies: (v) => alignLead(k, v, tasks),
    paramRows(name, rows) {
      const p = param(params, name);
      return repeatNew(k, p, p.rank - 1, rows.shape[rows.rank - 2]);
    },
    sigmoid: (h) => tf.sigmoid(h),
    topK: (logits, count) => tf.add(logits, tf.mul(tf.sub(1, topKMask(count)(logits)), -1e30)),
    gateNoise(logits, scale) {
      // Outside a step the noise scale still takes part, times 0, so a gradient taken outside a
      // step (the network view's, task-affinity probes) finds every parameter (its gradient is 0).
      if (noiseSeed === null) return tf.add(logits, tf.mul(scale, 0));
      const eps = tf.randomNormal(logits.shape, 0, 1, 'float32', noiseSeed);
      return tf.add(logits, tf.mul(eps, tf.softplus(scale)));
    },
    hardGate: (alpha, tau) => hardGate(alpha, tau, noiseSeed),
    loadBalance(probs, gates, alpha) {
      const { aux, usage, routed } = loadBalance(probs, gates, alpha);
      marks.auxLoss = aux;
      marks.routing = usage;
      tap(params, 'routing', routed);
    },
    stitch(h, name) {
      const C = h.shape[0];
      const [B, W] = h.shape.slice(-2);
      const mixed = tf.matMul(
        param(params, name) as tf.Tensor3D,
        tf.reshape(h, [C, tasks, B * W]) as tf.Tensor3D,
      );
      return tf.reshape(mixed, [C, tasks, B, W]);
    },
    representation(z) {
      marks.representation = z as tf.Tensor3D;
    },
    gates(g) {
      marks.gates = tf.mean(g, 1) as tf.Tensor2D;
    },
    tap: (name, v) => tap(params, name, v),
    tokens(x, embed, table) {
      const B = x.shape[1] ?? 1;
      const feats = tf.add(
        tf.mul(tf.expandDims(x, 3), tf.expandDims(param(params, `${embed}/kernel`), 1)),
        tf.expandDims(param(params, `${embed}/bias`), 1),
      ); // [C, B, D, e]
      return tf.concat([repeatNew(k, param(params, table), 1, B), feats], 2); // [C, B, n, e]
    },
    linear,
    layerNorm: (h, name) => normalize(params, name, h),
    gelu,
    add: (a, b) => tf.add(a, b),
    attention(h, spec) {
      const [C, B, n] = h.shape;
      const heads = spec.heads;
      let dk = 1;
      const project = (name: string) => {
        const p = linear(h, name); // [C, B, n, heads · dk]
        dk = p.shape[p.rank - 1] / heads;
        const split = tf.transpose(tf.reshape(p, [C, B, n, heads, dk]), [0, 1, 3, 2, 4]);
        return tf.reshape(split, [C * B * heads, n, dk]) as tf.Tensor3D;
      };
      const query = project(spec.query);
      const key = project(spec.key);
      const scores = tf.add(
        tf.mul(tf.matMul(query, key, false, true), 1 / Math.sqrt(dk)),
        tf.tensor2d(spec.mask, [n, n]),
      );
      const attn = softmax(scores); // [C B heads, n, n]
      const context = tf.transpose(
        tf.reshape(tf.matMul(attn, project(spec.value)), [C, B, heads, n, dk]),
        [0, 1, 3, 2, 4],
      );
      return {
        context: tf.reshape(context, [C, B, n, heads * dk]),
        weights: tf.reshape(attn, [C, B, heads, n, n]),
      };
    },
    taskAttention(weights, name) {
      const [C, B, heads, n] = weights.shape as [number, number, number, number];
      const toFeatures = tf.slice(weights, [0, 0, 0, 0, tasks], [C, B, heads, tasks, n - tasks]);
      marks.attention = ownCopies(tf.mean(toFeatures, [1, 2]), tasks) as tf.Tensor2D; // [T, D]
      // Per example, averaged over heads: [C, T, B, D].
      tap(params, name, tf.transpose(tf.mean(toFeatures, 2), [0, 2, 1, 3]));
    },
    flattenTokens: (h) => tf.reshape(h, [...h.shape.slice(0, 2), -1]),
    firstTokens(flat, count, width) {
      const [C, B] = flat.shape as [number, number];
      const tokens = tf.reshape(flat, [C, B, -1, width]);
      return tf.transpose(tf.slice(tokens, [0, 0, 0, 0], [C, B, count, width]), [0, 2, 1, 3]);
    },
    gatherUnits: (h, units) => tf.gather(h, tf.tensor1d(Array.from(units), 'int32'), h.rank - 1),
    concatUnits: (parts) => tf.concat(parts.slice(), parts[0].rank - 1),
  };
}
