/**
 * Host-side pieces of representation ("R") mode on the fused engine, as in
 * src/core/train/representation.ts: dz_t = w_t r_t (or r_t ⊙ mask_t broadcast over the batch)
 * and GradDrop's rows S_t = Σ_b r_t[b] ⊙ sign(z_t[b]). r is [T, B·H]; z has 1 or T stacks.
 */
import type { MethodResult } from '../../methods/types';

export function representationDirection(
  r: Float32Array,
  T: number,
  H: number,
  result: MethodResult,
): Float32Array {
  const block = r.length / T;
  const dz = new Float32Array(r.length);
  if (result.direction) {
    const masks = result.rowMasks;
    if (!masks) {
      throw new Error('R mode: a direction method must return rowMasks (per-task masks on z)');
    }
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < block; i++) dz[t * block + i] = r[t * block + i] * masks[t][i % H];
    }
    return dz;
  }
  const w = result.weights ?? new Float64Array(T).fill(1);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < block; i++) dz[t * block + i] = r[t * block + i] * w[t];
  }
  return dz;
}

export function signedRows(
  r: Float32Array,
  z: Float32Array,
  zStacks: number,
  T: number,
  H: number,
): Float64Array[] {
  const block = r.length / T;
  const B = block / H;
  return Array.from({ length: T }, (_, t) => {
    const row = new Float64Array(H);
    const zt = zStacks === 1 ? 0 : t * block;
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        row[h] += r[t * block + b * H + h] * Math.sign(z[zt + b * H + h]);
      }
    }
    return row;
  });
}
