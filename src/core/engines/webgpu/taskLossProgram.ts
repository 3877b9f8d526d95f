/**
 * Per-task losses of a batch in one program, reading the labels and masks of the whole split
 * through the epoch's row order (so the batch's y and mask are never gathered), and the
 * gradient w.r.t. the network outputs in one more. Task kinds and class counts are baked into the
 * WGSL (and the shaderKey): 0 regression (MSE), 1 binary (BCE on logits), 2 multiclass (softmax
 * cross-entropy over the task's own classes). Each loss is the masked mean over the batch.
 * Inputs: Z [T, B, K] outputs, Y and M [rows, T] (split labels and masks), Order [>= start + B] i32.
 */
import { FlatProgram } from './webgpuBackend';

export interface TaskKinds {
  /** 0 regression, 1 binary, 2 multiclass, per task. */
  kinds: readonly number[];
  /** Output units the task uses (1 for regression and binary). */
  classes: readonly number[];
}

function table(name: string, values: readonly number[]): string {
  const branches = values.map((v, t) => `if (t == ${t}) { return ${v}; }`).join(' ');
  return `fn ${name}(t : i32) -> i32 { ${branches} return 0; }`;
}

function common(k: TaskKinds): string {
  return `
${table('kindOf', k.kinds)}
${table('classesOf', k.classes)}
fn zAt(t : i32, b : i32, c : i32) -> f32 {
  return Z[(t * uniforms.zShape.y + b) * uniforms.zShape.z + c];
}
fn rowOf(b : i32) -> i32 { return Order[uniforms.start + b]; }
fn labelCount(t : i32) -> f32 {
  let T = uniforms.yShape.y;
  var n = 0.0;
  for (var b = 0; b < uniforms.zShape.y; b = b + 1) { n = n + M[rowOf(b) * T + t]; }
  return max(n, 1.0);
}
fn maxLogit(t : i32, b : i32) -> f32 {
  var mx = zAt(t, b, 0);
  for (var c = 1; c < classesOf(t); c = c + 1) { mx = max(mx, zAt(t, b, c)); }
  return mx;
}
fn sumExp(t : i32, b : i32, mx : f32) -> f32 {
  var s = 0.0;
  for (var c = 0; c < classesOf(t); c = c + 1) { s = s + exp(zAt(t, b, c) - mx); }
  return s;
}`;
}

function keyOf(k: TaskKinds): string {
  return `${k.kinds.join('')}_${k.classes.join('.')}`;
}

/** Per-task masked mean loss [T]: one thread per task. */
export class TaskLossProgram extends FlatProgram {
  variableNames = ['Z', 'Y', 'M', 'Order'];
  size = true;
  uniforms = 'start : i32,';

  constructor(private readonly kinds: TaskKinds) {
    super([kinds.kinds.length], `mtlTaskLoss_${keyOf(kinds)}`);
  }

  getUserCode(): string {
    return `
${common(this.kinds)}
fn elemLoss(t : i32, b : i32, y : f32) -> f32 {
  let kind = kindOf(t);
  let z = zAt(t, b, 0);
  if (kind == 0) { let d = z - y; return d * d; }
  if (kind == 1) { return max(z, 0.0) - z * y + log(1.0 + exp(-abs(z))); }
  let mx = maxLogit(t, b);
  return mx + log(sumExp(t, b, mx)) - zAt(t, b, i32(y));
}
fn main(index : i32) {
  if (index < uniforms.size) {
    let t = index;
    let T = uniforms.yShape.y;
    var total = 0.0;
    var n = 0.0;
    for (var b = 0; b < uniforms.zShape.y; b = b + 1) {
      let r = rowOf(b) * T + t;
      let m = M[r];
      if (m != 0.0) { total = total + m * elemLoss(t, b, Y[r]); }
      n = n + m;
    }
    result[index] = total / max(n, 1.0);
  }
}
`;
  }
}

/** d(Σ_t dy_t loss_t)/dZ [T, B, K]: one thread per output element. Inputs Z, Y, M, Order, Dy. */
export class TaskLossGradProgram extends FlatProgram {
  variableNames = ['Z', 'Y', 'M', 'Order', 'Dy'];
  size = true;
  uniforms = 'start : i32,';

  constructor(
    private readonly kinds: TaskKinds,
    zShape: number[],
  ) {
    super(zShape, `mtlTaskLossGrad_${keyOf(kinds)}`);
  }

  getUserCode(): string {
    return `
${common(this.kinds)}
fn elemGrad(t : i32, b : i32, c : i32, y : f32) -> f32 {
  let kind = kindOf(t);
  if (kind == 0) { if (c == 0) { return 2.0 * (zAt(t, b, 0) - y); } return 0.0; }
  if (kind == 1) { if (c == 0) { return 1.0 / (1.0 + exp(-zAt(t, b, 0))) - y; } return 0.0; }
  if (c >= classesOf(t)) { return 0.0; }
  let mx = maxLogit(t, b);
  let p = exp(zAt(t, b, c) - mx) / sumExp(t, b, mx);
  return p - select(0.0, 1.0, i32(y) == c);
}
fn main(index : i32) {
  if (index < uniforms.size) {
    let K = uniforms.zShape.z;
    let B = uniforms.zShape.y;
    let T = uniforms.yShape.y;
    let c = index % K;
    let b = (index / K) % B;
    let t = index / (K * B);
    let r = rowOf(b) * T + t;
    let m = M[r];
    var g = 0.0;
    if (m != 0.0) { g = Dy[t] * m * elemGrad(t, b, c, Y[r]) / labelCount(t); }
    result[index] = g;
  }
}
`;
  }
}

/** Rows of a split in the epoch's order: out[b, :] = Src[Order[start + b], :]. Inputs Src, Order. */
export class GatherRowsProgram extends FlatProgram {
  variableNames = ['Src', 'Order'];
  size = true;
  uniforms = 'start : i32,';

  constructor(rows: number, width: number) {
    super([rows, width], 'mtlGatherRows');
  }

  getUserCode(): string {
    return `
fn main(index : i32) {
  if (index < uniforms.size) {
    let D = uniforms.srcShape.y;
    result[index] = Src[Order[uniforms.start + index / D] * D + index % D];
  }
}
`;
  }
}
