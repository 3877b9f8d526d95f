/**
 * Building blocks shared by the architectures. Every op keeps stacking axes in front (copies C,
 * tasks T, experts E) so one batched matMul evaluates a whole stack of layers. Batched matMul in
 * tfjs does not differentiate through broadcast batch axes, so stacks are broadcast explicitly
 * (broadcastTo has a summing gradient) before they meet.
 */
import { tf } from '../../tf';
import { fusedDense, type DenseActivation } from '../webgpu/dense';
import { mixExperts } from '../webgpu/mixExperts';
import { sumRepeats } from '../webgpu/sumRepeats';
import type { TfjsKernels } from './kernels';
import { tap } from './activationTap';
import { packedDense, packedParam, type PackedRef, type PackedSource } from '../webgpu/packedDense';

export type Params = Record<string, tf.Tensor>;

export interface PackedParams {
  source: PackedSource;
  refs: ReadonlyMap<string, PackedRef>;
}

const packedRecords = new WeakMap<Params, PackedParams>();

/**
 * A params record backed by the fused optimizer's packed state (webgpu training): `denseLayer`
 * reads kernel and bias in place; any other read of `params[name]` materialises that parameter
 * once per record (one copy program, gradient into its slot).
 */
export function packedParams(source: PackedSource, refs: ReadonlyMap<string, PackedRef>): Params {
  const made = new Map<string, tf.Tensor>();
  const record = new Proxy({} as Params, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      const ref = refs.get(name);
      if (!ref) return undefined;
      let t = made.get(name);
      if (!t) {
        t = packedParam(source, ref);
        made.set(name, t);
      }
      return t;
    },
  });
  packedRecords.set(record, { source, refs });
  return record;
}

/** The packed state behind a record made by packedParams, or undefined for a plain record. */
export function packedOf(params: Params): PackedParams | undefined {
  return packedRecords.get(params);
}

export function param(params: Params, name: string): tf.Tensor {
  const p = params[name];
  if (!p) throw new Error(`missing parameter "${name}"`);
  return p;
}

/**
 * Repeat axis `axis` of size 1 n times. Goes through a rank-3 view [before, 1, after] tiled to
 * [before, n, after], with its own gradient (one sum over the repeated axis): tfjs's tile gradient
 * costs n slices, n adds and a fill, and exists only up to rank 4.
 */
export function repeatAxis(k: TfjsKernels, a: tf.Tensor, axis: number, n: number): tf.Tensor {
  if (a.shape[axis] !== 1) throw new Error(`cannot repeat axis ${axis} of size ${a.shape[axis]}`);
  const before = a.shape.slice(0, axis).reduce((p, q) => p * q, 1);
  const after = a.shape.slice(axis + 1).reduce((p, q) => p * q, 1);
  const repeat = tf.customGrad((x) => ({
    value: k.copiesAlong(x as tf.Tensor, 1, n),
    gradFunc: (dy: tf.Tensor) => sumRepeats(dy as tf.Tensor3D),
  }));
  const out = repeat(tf.reshape(a, [before, 1, after]));
  const shape = a.shape.slice();
  shape[axis] = n;
  return tf.reshape(out, shape);
}

/** Insert a new axis at `axis` holding n copies. */
export function repeatNew(k: TfjsKernels, a: tf.Tensor, axis: number, n: number): tf.Tensor {
  return repeatAxis(k, tf.expandDims(a, axis), axis, n);
}

/** Broadcast a leading axis of size 1 to n; returns the tensor unchanged when it already has n. */
export function alignLead<T extends tf.Tensor>(k: TfjsKernels, a: T, n: number): T {
  if (a.shape[0] === n) return a;
  if (a.shape[0] !== 1) throw new Error(`cannot align leading axis ${a.shape[0]} to ${n}`);
  return repeatAxis(k, a, 0, n) as T;
}

/**
 * act(h [...L, B, in] times kernel [...L, in, out] plus bias [...L, out]), where L are stacking
 * axes of equal sizes on all three inputs; h may instead have fewer stacks that divide L (one per
 * copy: the copy's stacks all read it). One batched matMul for the whole stack; on webgpu one
 * fused program forward and at most three backward (src/core/engines/webgpu/dense.ts).
 */
export function stackedDense(
  k: TfjsKernels,
  h: tf.Tensor,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  activation: DenseActivation = 'linear',
): tf.Tensor {
  const lead = kernel.shape.slice(0, -2);
  const [inW, outW] = kernel.shape.slice(-2);
  const n = lead.reduce((a, b) => a * b, 1);
  const rows = h.shape[h.rank - 2];
  const k3 = tf.reshape(kernel, [n, inW, outW]) as tf.Tensor3D;
  // h may have one stack per copy, read by all of the copy's n / hStacks stacks.
  const hStacks = h.size / (rows * inW);
  const h3 = tf.reshape(h, [hStacks, rows, inW]) as tf.Tensor3D;
  let y: tf.Tensor;
  if (k.fusedDense) {
    const hFull =
      hStacks === n ? h3 : repeatAxis(k, tf.reshape(h3, [hStacks, 1, -1]), 1, n / hStacks);
    const b2 = tf.reshape(bias, [n, outW]) as tf.Tensor2D;
    y = fusedDense(tf.reshape(hFull, [n, rows, inW]) as tf.Tensor3D, k3, b2, activation);
  } else {
    y = plainDense(k, h3, k3, tf.reshape(bias, [n, outW]) as tf.Tensor2D, activation);
  }
  return tf.reshape(y, [...lead, rows, outW]);
}

/**
 * act(h W + b) with tf ops for h [S, rows, in] and n = S·g stacks of W [n, in, out], b [n, out]
 * (stack s·g + j reads h[s]). Shaped for the cpu and wasm backends' fast paths: the g stacks
 * that share an input run as one matMul against their kernels side by side (no tiled copy of h);
 * cpu's broadcasting add is fast only when one operand repeats as a whole (b [out] against
 * [rows, out]), so one stack runs in 2D and several add their biases as a rank-1 matMul, which
 * also makes the bias gradient a matMul instead of a transposing sum.
 */
/**
 * The 2-D parts a stacked tensor was built from on wasm, by its data (a reshape keeps the data),
 * while they are alive. Using them instead of unstacking is the same value and gradient.
 */
const STACK_PARTS = new WeakMap<object, tf.Tensor2D[]>();

function stackedParts(h: tf.Tensor): tf.Tensor2D[] | null {
  const parts = STACK_PARTS.get(h.dataId);
  return parts && parts.length === h.shape[0] && parts.every((p) => !p.isDisposed) ? parts : null;
}

function plainDense(
  k: TfjsKernels,
  h: tf.Tensor3D,
  w: tf.Tensor3D,
  b: tf.Tensor2D,
  activation: DenseActivation,
): tf.Tensor {
  const [S, rows, inW] = h.shape;
  const [n, , outW] = w.shape;
  const g = n / S;
  if (S > 1 && k.denseParts) return denseParts(k, h, w, b, activation);
  const width = g * outW;
  // Kernels of a copy side by side: [S, in, g·out].
  const wide =
    g === 1
      ? w
      : tf.reshape(tf.transpose(tf.reshape(w, [S, g, inW, outW]), [0, 2, 1, 3]), [S, inW, width]);
  let y: tf.Tensor;
  if (S === 1) {
    y = tf.add(
      k.matMul(
        tf.reshape(h, [rows, inW]) as tf.Tensor2D,
        tf.reshape(wide, [inW, width]) as tf.Tensor2D,
      ),
      tf.reshape(b, [width]),
    );
  } else {
    const ones = tf.ones([S, rows, 1]) as tf.Tensor3D;
    const bias = tf.reshape(b, [S, 1, width]) as tf.Tensor3D;
    y = tf.add(k.matMul(h, wide as tf.Tensor3D), k.matMul(ones, bias));
  }
  if (activation === 'relu') y = tf.relu(y);
  return wideToStacks(y, S, g, rows, outW);
}

/**
 * plainDense on wasm with several input stacks: one 2-D product per stack (tfjs-wasm runs
 * batched products outside XNNPACK, ~3.5x slower per multiply). Its unstack copies slowly too,
 * so an input that a previous layer built here is read from that layer's parts.
 */
function denseParts(
  k: TfjsKernels,
  h: tf.Tensor3D,
  w: tf.Tensor3D,
  b: tf.Tensor2D,
  activation: DenseActivation,
): tf.Tensor {
  const g = w.shape[0] / h.shape[0];
  const hs = stackedParts(h) ?? (tf.unstack(h) as tf.Tensor2D[]);
  const ws = tf.unstack(w) as tf.Tensor2D[];
  const bs = tf.unstack(b) as tf.Tensor1D[];
  const parts = ws.map((wk, i) => {
    const z = tf.add(k.matMul(hs[Math.floor(i / g)], wk), bs[i]);
    return activation === 'relu' ? tf.relu(z) : z;
  });
  const y = tf.stack(parts);
  STACK_PARTS.set(y.dataId, parts as tf.Tensor2D[]);
  return y;
}

/** [S, rows, g·out] (a copy's g stacks side by side) -> [S·g, rows, out]. */
function wideToStacks(y: tf.Tensor, S: number, g: number, rows: number, outW: number): tf.Tensor {
  if (g === 1) return tf.reshape(y, [S, rows, outW]);
  const split = tf.transpose(tf.reshape(y, [S, rows, g, outW]), [0, 2, 1, 3]);
  return tf.reshape(split, [S * g, rows, outW]);
}

/**
 * The dense layer `${prefix}/kernel|bias` of `params` (stacked as in stackedDense). With a packed
 * record the parameters are read from the packed state in place (src/core/engines/webgpu/packedDense.ts).
 */
export function denseLayer(
  k: TfjsKernels,
  h: tf.Tensor,
  params: Params,
  prefix: string,
  activation: DenseActivation = 'linear',
  packed = packedRecords.get(params),
): tf.Tensor {
  const kernel = packed?.refs.get(`${prefix}/kernel`);
  const bias = packed?.refs.get(`${prefix}/bias`);
  if (packed && kernel && bias) return packedDense(h, packed.source, kernel, bias, activation);
  const out = stackedDense(
    k,
    h,
    param(params, `${prefix}/kernel`),
    param(params, `${prefix}/bias`),
    activation,
  );
  tap(params, prefix, out); // the network view reads it (activationTap.ts); training: a no-op
  return out;
}

/**
 * From z [C, T, ...rest] keep, for each task t, the slice computed from copy t of the shared
 * parameters (C = T) or the single copy (C = 1); result [T, ...rest].
 */
export function ownCopies(z: tf.Tensor, tasks: number): tf.Tensor {
  const C = z.shape[0];
  const rest = z.shape.slice(2);
  if (C === 1) return tf.reshape(z, [tasks, ...rest]);
  // The diagonal z[t, t] as a masked sum rather than tf.gather: gather's gradient is
  // UnsortedSegmentSum, which the wasm backend lacks. Adding zeros keeps the values exact.
  const diagonal = tf.reshape(tf.eye(tasks), [C, tasks, ...rest.map(() => 1)]);
  return tf.sum(tf.mul(z, diagonal), 1);
}

/**
 * Weighted sum of experts: gates [N, B, E] (rows on the simplex), experts [N or 1, E, B, H] ->
 * [N, B, H] (src/core/engines/webgpu/mixExperts.ts).
 */
export { mixExperts };

/** Layer normalisation over the last axis with gain and offset broadcast from [..., width]. */
export function layerNorm(h: tf.Tensor, gain: tf.Tensor, offset: tf.Tensor): tf.Tensor {
  // Written out rather than tf.moments, whose float32 cast trips a dual-module tfjs setup in tests.
  const centered = tf.sub(h, tf.mean(h, -1, true));
  const variance = tf.mean(tf.square(centered), -1, true);
  const normed = tf.mul(centered, tf.rsqrt(tf.add(variance, 1e-5)));
  return tf.add(tf.mul(normed, gain), offset);
}

/** Exact GELU, 0.5 x (1 + erf(x / sqrt 2)). */
export function gelu(h: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(h, 0.5), tf.add(tf.erf(tf.mul(h, Math.SQRT1_2)), 1));
}
