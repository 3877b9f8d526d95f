/**
 * Register-blocked f32x4 matrix products over raw pointers into linear memory (AssemblyScript,
 * compiled to wasm SIMD by scripts/build-kernels.mjs). One kernel serves A·B and Aᵀ·B: A is read
 * through strides (element (i, p) at a + 4·(i·ai + p·ap)), B row-major; C = C·beta + op(A)·B with
 * beta 0 or 1. A·Bᵀ transposes B into caller-given scratch first (O(n·k) against O(m·n·k)).
 * The 4 x 8 block keeps 8 f32x4 accumulators in registers: per step of p four broadcast loads of
 * A values (one instruction each) and two B vector loads feed 8 multiply-adds.
 */

/**
 * acc + a·b: one fused multiply-add where the engine has relaxed SIMD (the kernels-*-relaxed.wasm
 * build; x86 FMA3, Arm FMLA), else a multiply and an add.
 */
@inline
function mad(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

@inline
function start(c: usize, beta: i32): v128 {
  return beta ? v128.load(c) : f32x4.splat(0);
}

function block4x8(
  k: i32, a: usize, ai: i32, ap: i32, b: usize, ldb: i32, c: usize, ldc: i32, beta: i32,
): void {
  const rc = <usize>ldc << 2;
  let c00 = start(c, beta), c01 = start(c + 16, beta);
  let c10 = start(c + rc, beta), c11 = start(c + rc + 16, beta);
  let c20 = start(c + 2 * rc, beta), c21 = start(c + 2 * rc + 16, beta);
  let c30 = start(c + 3 * rc, beta), c31 = start(c + 3 * rc + 16, beta);
  const ra = <usize>ai << 2;
  const pa = <usize>ap << 2;
  const pb = <usize>ldb << 2;
  let pA = a;
  let pB = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pB);
    const b1 = v128.load(pB, 16);
    let s = v128.load32_splat(pA);
    c00 = mad(c00, s, b0);
    c01 = mad(c01, s, b1);
    s = v128.load32_splat(pA + ra);
    c10 = mad(c10, s, b0);
    c11 = mad(c11, s, b1);
    s = v128.load32_splat(pA + 2 * ra);
    c20 = mad(c20, s, b0);
    c21 = mad(c21, s, b1);
    s = v128.load32_splat(pA + 3 * ra);
    c30 = mad(c30, s, b0);
    c31 = mad(c31, s, b1);
    pA += pa;
    pB += pb;
  }
  v128.store(c, c00);
  v128.store(c + 16, c01);
  v128.store(c + rc, c10);
  v128.store(c + rc + 16, c11);
  v128.store(c + 2 * rc, c20);
  v128.store(c + 2 * rc + 16, c21);
  v128.store(c + 3 * rc, c30);
  v128.store(c + 3 * rc + 16, c31);
}

/** One row of C from column j on (vectors of 4, then scalars). */
function rowTail(
  j0: i32, n: i32, k: i32, a: usize, ap: i32, b: usize, ldb: i32, c: usize, beta: i32,
): void {
  const pa = <usize>ap << 2;
  const pb = <usize>ldb << 2;
  let j = j0;
  for (; j + 4 <= n; j += 4) {
    const cj = c + (<usize>j << 2);
    let acc = start(cj, beta);
    let pA = a;
    let pB = b + (<usize>j << 2);
    for (let p = 0; p < k; p++) {
      acc = mad(acc, v128.load32_splat(pA), v128.load(pB));
      pA += pa;
      pB += pb;
    }
    v128.store(cj, acc);
  }
  for (; j < n; j++) {
    const cj = c + (<usize>j << 2);
    let acc: f32 = beta ? load<f32>(cj) : 0;
    let pA = a;
    let pB = b + (<usize>j << 2);
    for (let p = 0; p < k; p++) {
      acc += load<f32>(pA) * load<f32>(pB);
      pA += pa;
      pB += pb;
    }
    store<f32>(cj, acc);
  }
}

/** C [m, n] (ldc) = beta·C + A·B, A element (i, p) at a + 4·(i·ai + p·ap), B [k, n] (ldb). */
export function gemmStrided(
  m: i32, n: i32, k: i32, a: usize, ai: i32, ap: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  beta: i32,
): void {
  const n8 = n & ~7;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const aRow = a + ((<usize>(i * ai)) << 2);
    const cRow = c + ((<usize>(i * ldc)) << 2);
    for (let j = 0; j < n8; j += 8) {
      block4x8(k, aRow, ai, ap, b + (<usize>j << 2), ldb, cRow + (<usize>j << 2), ldc, beta);
    }
    if (n8 < n) {
      for (let r = 0; r < 4; r++) {
        rowTail(n8, n, k, aRow + ((<usize>(r * ai)) << 2), ap, b, ldb, cRow + ((<usize>(r * ldc)) << 2), beta);
      }
    }
  }
  for (; i < m; i++) {
    rowTail(0, n, k, a + ((<usize>(i * ai)) << 2), ap, b, ldb, c + ((<usize>(i * ldc)) << 2), beta);
  }
}

/** C [m, n] = beta·C + A·B with A [m, k] (lda), B [k, n] (ldb). */
export function gemmNN(
  m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, beta: i32,
): void {
  gemmStrided(m, n, k, a, lda, 1, b, ldb, c, ldc, beta);
}

/** C [m, n] = beta·C + Aᵀ·B with A [k, m] (lda), B [k, n] (ldb). */
export function gemmTN(
  m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, beta: i32,
): void {
  gemmStrided(m, n, k, a, 1, lda, b, ldb, c, ldc, beta);
}

/** dst [cols, rows] = srcᵀ for src [rows, cols] (ld). */
export function transpose(src: usize, rows: i32, cols: i32, ld: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const s = src + ((<usize>(r * ld)) << 2);
    for (let q = 0; q < cols; q++) {
      store<f32>(dst + ((<usize>(q * rows + r)) << 2), load<f32>(s + (<usize>q << 2)));
    }
  }
}

/** C [m, n] = beta·C + A·Bᵀ with A [m, k] (lda), B [n, k] (ldb); scratch holds k·n floats. */
export function gemmNT(
  m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, beta: i32,
  scratch: usize,
): void {
  transpose(b, n, k, ldb, scratch);
  gemmStrided(m, n, k, a, lda, 1, scratch, n, c, ldc, beta);
}
