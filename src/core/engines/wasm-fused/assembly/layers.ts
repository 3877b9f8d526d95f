/**
 * Elementwise and small-axis kernels of the dense-layer architectures: bias + ReLU, their
 * gradients, row softmax and its gradient, and the gated mixture of experts. Backward kernels
 * accumulate (+=) into their destination, so a tensor read by several ops sums its gradients.
 */

/** y [rows, cols] += bias [cols]; then ReLU when relu != 0. */
export function biasAct(y: usize, rows: i32, cols: i32, bias: usize, relu: i32): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const row = y + ((<usize>(r * cols)) << 2);
    let q = 0;
    for (; q + 4 <= cols; q += 4) {
      let v = f32x4.add(v128.load(row + (<usize>q << 2)), v128.load(bias + (<usize>q << 2)));
      if (relu) v = f32x4.max(v, zero);
      v128.store(row + (<usize>q << 2), v);
    }
    for (; q < cols; q++) {
      let v = load<f32>(row + (<usize>q << 2)) + load<f32>(bias + (<usize>q << 2));
      if (relu && v < 0) v = 0;
      store<f32>(row + (<usize>q << 2), v);
    }
  }
}

/** d [n] = y > 0 ? d : 0 (the ReLU gradient from its output y). */
export function reluMask(d: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(d + o, v128.and(v128.load(d + o), f32x4.gt(v128.load(y + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    if (!(load<f32>(y + o) > 0)) store<f32>(d + o, 0);
  }
}

/** out [cols] += Σ_r d[r, :] for d [rows, cols]. */
export function colSum(out: usize, d: usize, rows: i32, cols: i32): void {
  let q = 0;
  for (; q + 4 <= cols; q += 4) {
    let acc = v128.load(out + (<usize>q << 2));
    for (let r = 0; r < rows; r++) acc = f32x4.add(acc, v128.load(d + ((<usize>(r * cols + q)) << 2)));
    v128.store(out + (<usize>q << 2), acc);
  }
  for (; q < cols; q++) {
    let acc = load<f32>(out + (<usize>q << 2));
    for (let r = 0; r < rows; r++) acc += load<f32>(d + ((<usize>(r * cols + q)) << 2));
    store<f32>(out + (<usize>q << 2), acc);
  }
}

/** y [rows, cols] = softmax of x over each row (y may alias x). */
export function softmaxRows(y: usize, x: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>(r * cols)) << 2);
    const yr = y + ((<usize>(r * cols)) << 2);
    let mx = load<f32>(xr);
    for (let q = 1; q < cols; q++) mx = max(mx, load<f32>(xr + (<usize>q << 2)));
    let sum: f32 = 0;
    for (let q = 0; q < cols; q++) {
      const e = Mathf.exp(load<f32>(xr + (<usize>q << 2)) - mx);
      store<f32>(yr + (<usize>q << 2), e);
      sum += e;
    }
    const inv: f32 = 1 / sum;
    for (let q = 0; q < cols; q++) store<f32>(yr + (<usize>q << 2), load<f32>(yr + (<usize>q << 2)) * inv);
  }
}

/** dx [rows, cols] += y ⊙ (dy − Σ_q dy·y), the softmax gradient from its output y. */
export function softmaxGrad(dx: usize, dy: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = (<usize>(r * cols)) << 2;
    let dot: f32 = 0;
    for (let q = 0; q < cols; q++) dot += load<f32>(dy + o + (<usize>q << 2)) * load<f32>(y + o + (<usize>q << 2));
    for (let q = 0; q < cols; q++) {
      const p = o + (<usize>q << 2);
      store<f32>(dx + p, load<f32>(dx + p) + load<f32>(y + p) * (load<f32>(dy + p) - dot));
    }
  }
}

/** out [B, H] = Σ_e g[b, e] · ex[e, b, :] for gates g [B, E] and experts ex [E, B, H]. */
export function mixForward(out: usize, g: usize, ex: usize, B: i32, E: i32, H: i32): void {
  for (let b = 0; b < B; b++) {
    const ob = out + ((<usize>(b * H)) << 2);
    for (let e = 0; e < E; e++) {
      const s = f32x4.splat(load<f32>(g + ((<usize>(b * E + e)) << 2)));
      const sc = load<f32>(g + ((<usize>(b * E + e)) << 2));
      const xb = ex + ((<usize>((e * B + b) * H)) << 2);
      let h = 0;
      for (; h + 4 <= H; h += 4) {
        const o = <usize>h << 2;
        const prev = e ? v128.load(ob + o) : f32x4.splat(0);
        v128.store(ob + o, f32x4.add(prev, f32x4.mul(s, v128.load(xb + o))));
      }
      for (; h < H; h++) {
        const o = <usize>h << 2;
        const prev: f32 = e ? load<f32>(ob + o) : 0;
        store<f32>(ob + o, prev + sc * load<f32>(xb + o));
      }
    }
  }
}

/**
 * Gradients of mixForward: dg [B, E] += Σ_h dOut[b, h]·ex[e, b, h] (when dg != 0) and
 * dEx [E, B, H] += g[b, e]·dOut[b, :] (when dEx != 0).
 */
export function mixBackward(
  dg: usize, dEx: usize, dOut: usize, g: usize, ex: usize, B: i32, E: i32, H: i32,
): void {
  for (let b = 0; b < B; b++) {
    const db = dOut + ((<usize>(b * H)) << 2);
    for (let e = 0; e < E; e++) {
      const gi = (<usize>(b * E + e)) << 2;
      const xo = (<usize>((e * B + b) * H)) << 2;
      if (dg) {
        let acc = f32x4.splat(0);
        let tail: f32 = 0;
        let h = 0;
        for (; h + 4 <= H; h += 4) {
          acc = f32x4.add(acc, f32x4.mul(v128.load(db + (<usize>h << 2)), v128.load(ex + xo + (<usize>h << 2))));
        }
        for (; h < H; h++) tail += load<f32>(db + (<usize>h << 2)) * load<f32>(ex + xo + (<usize>h << 2));
        const sum =
          f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) +
          f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3) + tail;
        store<f32>(dg + gi, load<f32>(dg + gi) + sum);
      }
      if (dEx) {
        const sc = load<f32>(g + gi);
        const s = f32x4.splat(sc);
        let h = 0;
        for (; h + 4 <= H; h += 4) {
          const o = xo + (<usize>h << 2);
          v128.store(dEx + o, f32x4.add(v128.load(dEx + o), f32x4.mul(s, v128.load(db + (<usize>h << 2)))));
        }
        for (; h < H; h++) {
          const o = xo + (<usize>h << 2);
          store<f32>(dEx + o, load<f32>(dEx + o) + sc * load<f32>(db + (<usize>h << 2)));
        }
      }
    }
  }
}
