/** Float64 JS reference of one Adam update (same formula as tf.train.adam with decoupled decay). */
export interface AdamRef {
  p: Float64Array;
  m: Float64Array;
  v: Float64Array;
}

export function adamRefInit(params: ArrayLike<number>): AdamRef {
  const n = params.length;
  return { p: Float64Array.from(params), m: new Float64Array(n), v: new Float64Array(n) };
}

export function adamRefStep(
  s: AdamRef,
  g: ArrayLike<number>,
  step: number,
  o: { lr: number; beta1: number; beta2: number; epsilon: number; weightDecay?: number },
): void {
  const bc1 = 1 - o.beta1 ** step;
  const bc2 = 1 - o.beta2 ** step;
  for (let i = 0; i < s.p.length; i++) {
    s.m[i] = o.beta1 * s.m[i] + (1 - o.beta1) * g[i];
    s.v[i] = o.beta2 * s.v[i] + (1 - o.beta2) * g[i] * g[i];
    const upd =
      s.m[i] / bc1 / (Math.sqrt(s.v[i] / bc2) + o.epsilon) + (o.weightDecay ?? 0) * s.p[i];
    s.p[i] -= o.lr * upd;
  }
}

/** Packs the reference into the [3, n] row layout. */
export function adamRefPacked(s: AdamRef): Float64Array {
  const n = s.p.length;
  const out = new Float64Array(3 * n);
  out.set(s.p, 0);
  out.set(s.m, n);
  out.set(s.v, 2 * n);
  return out;
}
