/**
 * The tfjs engine's per-backend variants of the dense-layer ops, picked once per backend (as
 * tfjs's kernel registry picks kernels) when an Ops object is made for a forward, never by
 * reading the backend inside an op:
 *   webgpu  the fused dense programs (src/core/engines/webgpu/dense.ts); copies by tile;
 *   wasm    copies by concatenation (tfjs-wasm's tile is ~200x slower than its concat for the
 *           same copy: 7.9 ms against 0.04 ms for 8 × 16,384); several input stacks run as one
 *           2-D product per stack; 2-D products through matMul.ts's plain-product gradient;
 *   others  tile, batched tf.matMul.
 */
import { tf } from '../../tf';
import { denseAvailable } from '../webgpu/dense';
import { wasmMatMul } from './matMul';

export interface TfjsKernels {
  readonly backend: string;
  /** n copies of `x` along `axis` (where x has size 1); no gradient of its own beyond tf's. */
  copiesAlong(x: tf.Tensor, axis: number, n: number): tf.Tensor;
  /** The product of the dense layers off WebGPU. */
  matMul<R extends tf.Rank.R2 | tf.Rank.R3>(a: tf.Tensor<R>, b: tf.Tensor<R>): tf.Tensor<R>;
  /** Dense layers through the fused webgpu programs. */
  readonly fusedDense: boolean;
  /** Several input stacks as one 2-D product per stack (tfjs-wasm's batched products are slow). */
  readonly denseParts: boolean;
}

function tile(x: tf.Tensor, axis: number, n: number): tf.Tensor {
  return tf.tile(
    x,
    x.shape.map((_, i) => (i === axis ? n : 1)),
  );
}

function concatCopies(x: tf.Tensor, axis: number, n: number): tf.Tensor {
  return tf.concat(new Array<tf.Tensor>(n).fill(x), axis);
}

const picked = new Map<string, TfjsKernels>();

/** The variants for tfjs backend `backend` (made on first use while that backend is active). */
export function kernelsFor(backend: string): TfjsKernels {
  let kernels = picked.get(backend);
  if (!kernels) {
    const wasm = backend === 'wasm';
    kernels = {
      backend,
      copiesAlong: wasm ? concatCopies : tile,
      matMul: wasm ? wasmMatMul : (a, b) => tf.matMul(a, b),
      fusedDense: backend === 'webgpu' && denseAvailable(),
      denseParts: wasm,
    };
    picked.set(backend, kernels);
  }
  return kernels;
}

/** The variants for the active backend: once per forward or per step, where one starts. */
export function activeKernels(): TfjsKernels {
  return kernelsFor(tf.getBackend());
}
