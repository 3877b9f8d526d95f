/**
 * WGSL for a stack of small matrix products out[n, p, q] = Σ_k a(n, p, k) · b(n, k, q), one
 * invocation per TP×TQ output tile, accumulating in registers (vec4 along q). No workgroup
 * memory and no barriers: that keeps it fast on SwiftShader (where barriers are costly and a
 * one-output-per-thread loop reaches about 0.25 GFLOP/s against about 1.9 GFLOP/s for 8×8
 * tiles) and it is plenty for the lab's layer widths on a real GPU.
 *
 * The dense programs (denseProgram.ts, packedDenseProgram.ts) supply the operand reads and the
 * store as WGSL functions, so forward (h·W), input gradient (dZ·Wᵀ) and kernel gradient (hᵀ·dZ)
 * are all this one loop. Shapes are baked into the WGSL (and so into the shader key); edge
 * tiles clamp their reads and skip out-of-range stores, so the inner loop has no branches.
 */

export interface ProductShape {
  /** Stacked products. */
  n: number;
  /** Output rows. */
  p: number;
  /** Output columns. */
  q: number;
  /** Reduced length. */
  k: number;
}

/** The operand reads and the store, as WGSL function bodies over i32 arguments. */
export interface ProductCode {
  /** Body of `fn mmA(n : i32, p : i32, k : i32) -> f32`. */
  a: string;
  /** Body of `fn mmB(n : i32, k : i32, q : i32) -> f32`. */
  b: string;
  /** Body of `fn mmStore(n : i32, p : i32, q : i32, v : f32)`; called for in-range entries. */
  store: string;
}

export interface Tile {
  p: number;
  /** Multiple of 4. */
  q: number;
}

/** 8×8 tiles, narrower where the output is (a 1-wide output layer gets 8×4). */
export function tileFor(shape: ProductShape): Tile {
  return { p: Math.min(8, shape.p), q: shape.q <= 4 ? 4 : 8 };
}

/** Invocations needed: one per tile per stacked product. */
export function productInvocations(shape: ProductShape, tile = tileFor(shape)): number {
  return shape.n * Math.ceil(shape.p / tile.p) * Math.ceil(shape.q / tile.q);
}

/** Shader-key part that identifies the baked shape and tile. */
export function productKey(shape: ProductShape, tile = tileFor(shape)): string {
  return `${shape.n}x${shape.p}x${shape.q}x${shape.k}t${tile.p}x${tile.q}`;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * Helper functions plus `fn mmTile(index : i32)`, which computes and stores tile `index`
 * (0 <= index < productInvocations). The caller's main guards the index.
 */
export function productCode(shape: ProductShape, code: ProductCode, tile = tileFor(shape)): string {
  const { p: P, q: Q, k: K } = shape;
  const tilesP = Math.ceil(P / tile.p);
  const tilesQ = Math.ceil(Q / tile.q);
  const rows = range(tile.p);
  const groups = range(tile.q / 4);
  const lanes = range(4);
  const clampP = P % tile.p !== 0;
  const clampQ = Q % tile.q !== 0;
  const pAt = (i: number) => (clampP ? `min(p0 + ${i}, ${P - 1})` : `p0 + ${i}`);
  const qAt = (c: number) => (clampQ ? `min(q0 + ${c}, ${Q - 1})` : `q0 + ${c}`);
  const acc = (i: number, g: number) => `acc${i}_${g}`;
  const stores = rows.flatMap((i) => {
    const body = groups.flatMap((g) =>
      lanes.map((l) => {
        const q = `q0 + ${g * 4 + l}`;
        const call = `mmStore(n, p0 + ${i}, ${q}, ${acc(i, g)}[${l}]);`;
        return clampQ ? `if (${q} < ${Q}) { ${call} }` : call;
      }),
    );
    return clampP ? [`if (p0 + ${i} < ${P}) {`, ...body, '}'] : body;
  });
  return `
fn mmA(n : i32, p : i32, k : i32) -> f32 { ${code.a} }
fn mmB(n : i32, k : i32, q : i32) -> f32 { ${code.b} }
fn mmStore(n : i32, p : i32, q : i32, v : f32) { ${code.store} }
fn mmTile(index : i32) {
  let n = index / ${tilesP * tilesQ};
  let t = index % ${tilesP * tilesQ};
  let p0 = (t / ${tilesQ}) * ${tile.p};
  let q0 = (t % ${tilesQ}) * ${tile.q};
  ${rows.map((i) => `let pa${i} = ${pAt(i)};`).join('\n  ')}
  ${range(tile.q)
    .map((c) => `let qb${c} = ${qAt(c)};`)
    .join('\n  ')}
  ${rows.flatMap((i) => groups.map((g) => `var ${acc(i, g)} = vec4<f32>(0.0);`)).join('\n  ')}
  for (var k = 0; k < ${K}; k = k + 1) {
    ${groups
      .map(
        (g) =>
          `let b${g} = vec4<f32>(${lanes.map((l) => `mmB(n, k, qb${g * 4 + l})`).join(', ')});`,
      )
      .join('\n    ')}
    ${rows
      .map(
        (i) =>
          `let a${i} = mmA(n, pa${i}, k); ${groups
            .map((g) => `${acc(i, g)} = ${acc(i, g)} + a${i} * b${g};`)
            .join(' ')}`,
      )
      .join('\n    ')}
  }
  ${stores.join('\n  ')}
}
`;
}
