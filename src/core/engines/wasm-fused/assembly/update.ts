/**
 * The kernels after the backward: the fused per-task loss with its gradient, the Gram matrix of
 * the task gradients, their weighted combination, scaling, the squared norm and Adam, each over
 * a flat buffer.
 */

/** dst [n] += s · src [n]. */
export function axpy(dst: usize, src: usize, s: f32, n: i32): void {
  const v = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(v, v128.load(src + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + s * load<f32>(src + o));
  }
}

/** x [n] *= s. */
/** axpy with s read from memory at sPtr (a value the host changes between steps, e.g. a weight). */
export function axpyAt(dst: usize, src: usize, sPtr: usize, n: i32): void {
  axpy(dst, src, load<f32>(sPtr), n);
}

/** scale with s read from memory at sPtr. */
export function scaleAt(x: usize, sPtr: usize, n: i32): void {
  scale(x, load<f32>(sPtr), n);
}

/** dst[0..n) = src[0..n) (floats). */
export function copy(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, (<usize>n) << 2);
}

/** x[0..n) = 0 (floats). */
export function zero(x: usize, n: i32): void {
  memory.fill(x, 0, (<usize>n) << 2);
}

export function scale(x: usize, s: f32, n: i32): void {
  const v = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), f32x4.mul(v, v128.load(x + (<usize>i << 2))));
  for (; i < n; i++) store<f32>(x + (<usize>i << 2), s * load<f32>(x + (<usize>i << 2)));
}

@inline
function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2))));
  }
  let tail: f32 = 0;
  for (; i < n; i++) tail += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return (
    f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) +
    f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3) + tail
  );
}

/** Σ x² over n floats. */
export function sumSquares(x: usize, n: i32): f32 {
  return dot(x, x, n);
}

/** G [T, T] = J Jᵀ for the rows of J [T, P] (ld). */
export function gram(G: usize, J: usize, T: i32, P: i32, ld: i32): void {
  for (let i = 0; i < T; i++) {
    for (let j = i; j < T; j++) {
      const v = dot(J + ((<usize>(i * ld)) << 2), J + ((<usize>(j * ld)) << 2), P);
      store<f32>(G + ((<usize>(i * T + j)) << 2), v);
      store<f32>(G + ((<usize>(j * T + i)) << 2), v);
    }
  }
}

/** d [P] = Σ_r w[r] · J[r, :] for J [R, P] (ld) and weights w [R]. */
export function combine(d: usize, J: usize, w: usize, R: i32, P: i32, ld: i32): void {
  memory.fill(d, 0, <usize>P << 2);
  for (let r = 0; r < R; r++) axpy(d, J + ((<usize>(r * ld)) << 2), load<f32>(w + (<usize>r << 2)), P);
}

/**
 * Adam as the lab's AdamOptimizer (PyTorch's form): m = β1 m + (1 − β1) g, v = β2 v + (1 − β2) g²,
 * p −= stepSize · m / (√v · vScale + ε), stepSize = lr / (1 − β1ᵗ), vScale = 1 / √(1 − β2ᵗ).
 */
export function adam(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  stepSize: f32, b1: f32, b2: f32, eps: f32, vScale: f32,
): void {
  const B1 = f32x4.splat(b1), C1 = f32x4.splat(1 - b1);
  const B2 = f32x4.splat(b2), C2 = f32x4.splat(1 - b2);
  const E = f32x4.splat(eps), S = f32x4.splat(stepSize), V = f32x4.splat(vScale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), B1), f32x4.mul(gi, C1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), B2), f32x4.mul(f32x4.mul(gi, gi), C2));
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vi), V), E);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.mul(f32x4.div(mi, denom), S)));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * (1 - b1);
    const vi = load<f32>(v + o) * b2 + gi * gi * (1 - b2);
    const denom = Mathf.sqrt(vi) * vScale + eps;
    store<f32>(p + o, load<f32>(p + o) - (mi / denom) * stepSize);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
  }
}

/**
 * Per-task masked mean losses and their gradients, for outputs [T, B, K], labels y and mask
 * [B, T], kinds [T] (0 regression MSE, 1 binary cross-entropy on logits, 2 softmax
 * cross-entropy over the task's first classes[t] units). losses [T] = the means; dOut [T, B, K] =
 * ∂ losses[t] / ∂ outputs[t] (units a task does not use get 0). invs [T] (when not 0) gives each
 * task's 1 / labelled count instead of counting this batch's mask: a thread's row slice then
 * computes its share of the whole batch's mean (threads.ts).
 */
export function taskLoss(
  out: usize, y: usize, mask: usize, kinds: usize, classes: usize, T: i32, B: i32, K: i32,
  losses: usize, dOut: usize, invs: usize,
): void {
  memory.fill(dOut, 0, (<usize>(T * B * K)) << 2);
  for (let t = 0; t < T; t++) {
    const kind = load<i32>(kinds + (<usize>t << 2));
    const C = load<i32>(classes + (<usize>t << 2));
    let inv: f32;
    if (invs != 0) inv = load<f32>(invs + (<usize>t << 2));
    else {
      let count: f32 = 0;
      for (let b = 0; b < B; b++) count += load<f32>(mask + ((<usize>(b * T + t)) << 2));
      inv = 1 / max<f32>(count, 1);
    }
    let total: f64 = 0;
    for (let b = 0; b < B; b++) {
      const m = load<f32>(mask + ((<usize>(b * T + t)) << 2));
      const label = load<f32>(y + ((<usize>(b * T + t)) << 2));
      const row = (<usize>((t * B + b) * K)) << 2;
      const z = load<f32>(out + row);
      if (kind == 0) {
        const diff = z - label;
        total += <f64>(m * diff * diff);
        store<f32>(dOut + row, 2 * diff * m * inv);
      } else if (kind == 1) {
        total += <f64>(m * (max<f32>(z, 0) - z * label + Mathf.log1p(Mathf.exp(-Mathf.abs(z)))));
        store<f32>(dOut + row, (1 / (1 + Mathf.exp(-z)) - label) * m * inv);
      } else {
        let mx = z;
        for (let q = 1; q < C; q++) mx = max(mx, load<f32>(out + row + (<usize>q << 2)));
        let sum: f32 = 0;
        for (let q = 0; q < C; q++) sum += Mathf.exp(load<f32>(out + row + (<usize>q << 2)) - mx);
        const logSum = Mathf.log(sum) + mx;
        const cls = <i32>label;
        total += <f64>(m * (logSum - load<f32>(out + row + (<usize>cls << 2))));
        for (let q = 0; q < C; q++) {
          const prob = Mathf.exp(load<f32>(out + row + (<usize>q << 2)) - logSum);
          store<f32>(dOut + row + (<usize>q << 2), (prob - (q == cls ? 1 : 0)) * m * inv);
        }
      }
    }
    store<f32>(losses + (<usize>t << 2), <f32>(total * <f64>inv));
  }
}
