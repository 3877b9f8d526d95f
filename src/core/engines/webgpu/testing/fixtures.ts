/** Deterministic data, error measures and backend switching shared by the gpu tests. */
import { tf } from '../../../tf';
import type { ParamSpec } from '../packedLayout';

/** Uniform values in [-scale, scale) from a small LCG (tests need determinism, not quality). */
export function randomArray(size: number, seed: number, scale = 1): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

/** max |a - b| / max |b|: a normwise relative error that tolerates entries near zero. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let diff = 0;
  let ref = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    ref = Math.max(ref, Math.abs(b[i]));
  }
  return diff / Math.max(ref, 1e-30);
}

/** Runs `body` on a backend and downloads its outputs (async reads only); restores the previous backend. */
export async function runOn(backend: string, body: () => tf.Tensor[]): Promise<Float32Array[]> {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const outs = tf.tidy(body);
    const values = await Promise.all(outs.map(async (t) => Float32Array.from(await t.data())));
    tf.dispose(outs);
    return values;
  } finally {
    await tf.setBackend(previous);
  }
}

export const T4 = 4;

/** The R0 net of issue 8: shared-bottom 32->64->64, four towers 64->32->1, plus per-task log-variances. */
export const R0_SPECS: ParamSpec[] = [
  { name: 'trunk0/W', shape: [32, 64], role: 'shared' },
  { name: 'trunk0/b', shape: [64], role: 'shared' },
  { name: 'trunk1/W', shape: [64, 64], role: 'shared' },
  { name: 'trunk1/b', shape: [64], role: 'shared' },
  { name: 'tower0/W', shape: [T4, 64, 32], role: 'task' },
  { name: 'tower0/b', shape: [T4, 32], role: 'task' },
  { name: 'tower1/W', shape: [T4, 32, 1], role: 'task' },
  { name: 'tower1/b', shape: [T4, 1], role: 'task' },
  { name: 'logVar', shape: [T4], role: 'own' },
];

/** Twelve variables of mixed shapes for the optimizer comparisons. */
export const TWELVE_SHAPES: number[][] = [
  [32, 64],
  [64],
  [64, 64],
  [64],
  [4, 64, 32],
  [4, 32],
  [4, 32, 1],
  [4, 1],
  [3, 5],
  [7],
  [1],
  [2, 2, 2],
];
