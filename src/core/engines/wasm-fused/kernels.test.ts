/**
 * Each kernel against the tfjs CPU backend: values and gradients to 1e-5 relative (of the largest
 * magnitude in the reference), on shapes with remainders (not multiples of the 4 x 8 block).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../../tf';
import { createRandom, createNormal } from '../../model/random';
import { TaskLosses } from '../../train/losses';
import { AdamOptimizer } from '../../train/optimizer';
import {
  createKernelMemory,
  TAPE_KERNELS,
  type Buf,
  type KernelExports,
  type KernelMemory,
} from './kernels';

let km: KernelMemory;
const normal = createNormal(createRandom(22));

beforeAll(async () => {
  await tf.setBackend('cpu');
  km = await createKernelMemory();
});

function randn(n: number): Float32Array {
  return Float32Array.from({ length: n }, () => normal());
}

function put(values: Float32Array): Buf {
  const b = km.alloc(values.length);
  km.of(b).set(values);
  return b;
}

/** max |a - b| / max |b| (b the tfjs reference). */
function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let err = 0;
  let scale = 1e-30;
  for (let i = 0; i < b.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / scale;
}

const TOL = 1e-5;

describe('GEMM in its three product forms', () => {
  const shapes: [number, number, number][] = [
    [7, 13, 5],
    [256, 64, 32],
    [33, 9, 70],
    [4, 8, 1],
    [1, 1, 3],
  ];
  test.each(shapes)('m=%i n=%i k=%i', (m, n, k) => {
    const a = randn(m * k);
    const b = randn(k * n);
    const at = randn(k * m);
    const bt = randn(n * k);
    const c0 = randn(m * n);
    const A = put(a);
    const B = put(b);
    const At = put(at);
    const Bt = put(bt);
    const C = put(c0);
    const scratch = km.alloc(n * k);
    const ref = (x: tf.Tensor2D, y: tf.Tensor2D, ta: boolean, tb: boolean) =>
      tf.tidy(() => tf.matMul(x, y, ta, tb).dataSync());
    const tA = tf.tensor2d(a, [m, k]);
    const tB = tf.tensor2d(b, [k, n]);
    const tAt = tf.tensor2d(at, [k, m]);
    const tBt = tf.tensor2d(bt, [n, k]);
    km.k.gemmNN(m, n, k, A.ptr, k, B.ptr, n, C.ptr, n, 0);
    expect(relError(km.of(C), ref(tA, tB, false, false))).toBeLessThan(TOL);
    km.k.gemmTN(m, n, k, At.ptr, m, B.ptr, n, C.ptr, n, 0);
    expect(relError(km.of(C), ref(tAt, tB, true, false))).toBeLessThan(TOL);
    km.k.gemmNT(m, n, k, A.ptr, k, Bt.ptr, k, C.ptr, n, 0, scratch.ptr);
    expect(relError(km.of(C), ref(tA, tBt, false, true))).toBeLessThan(TOL);
    // beta = 1 accumulates onto what C holds.
    km.of(C).set(c0);
    km.k.gemmNN(m, n, k, A.ptr, k, B.ptr, n, C.ptr, n, 1);
    const acc = tf.tidy(() => tf.add(tf.matMul(tA, tB), tf.tensor2d(c0, [m, n])).dataSync());
    expect(relError(km.of(C), acc)).toBeLessThan(TOL);
    tf.dispose([tA, tB, tAt, tBt]);
  });
});

test('bias + ReLU forward, and the gradients of dense: ReLU mask and bias column sums', () => {
  const [rows, cols] = [19, 13];
  const x = randn(rows * cols);
  const bias = randn(cols);
  const Y = put(x);
  km.k.biasAct(Y.ptr, rows, cols, put(bias).ptr, 1);
  const tx = tf.tensor2d(x, [rows, cols]);
  const tb = tf.tensor1d(bias);
  const f = (a: tf.Tensor, b: tf.Tensor) => tf.relu(tf.add(a, b));
  expect(relError(km.of(Y), f(tx, tb).dataSync())).toBeLessThan(TOL);
  const dy = randn(rows * cols);
  const [gx, gb] = tf.grads(f)([tx, tb], tf.tensor2d(dy, [rows, cols]));
  const D = put(dy);
  km.k.reluMask(D.ptr, Y.ptr, rows * cols);
  expect(relError(km.of(D), gx.dataSync())).toBeLessThan(TOL);
  const DB = km.alloc(cols);
  km.k.colSum(DB.ptr, D.ptr, rows, cols);
  expect(relError(km.of(DB), gb.dataSync())).toBeLessThan(TOL);
});

test('softmax over rows and its gradient', () => {
  const [rows, cols] = [37, 5];
  const x = randn(rows * cols);
  const dy = randn(rows * cols);
  const tx = tf.tensor2d(x, [rows, cols]);
  const Y = km.alloc(rows * cols);
  km.k.softmaxRows(Y.ptr, put(x).ptr, rows, cols);
  expect(relError(km.of(Y), tf.softmax(tx).dataSync())).toBeLessThan(TOL);
  const DX = km.alloc(rows * cols);
  km.k.softmaxGrad(DX.ptr, put(dy).ptr, Y.ptr, rows, cols);
  const ref = tf.grad((a: tf.Tensor) => tf.softmax(a))(tx, tf.tensor2d(dy, [rows, cols]));
  expect(relError(km.of(DX), ref.dataSync())).toBeLessThan(TOL);
});

test('mixture of experts: forward and both gradients', () => {
  const [B, E, H] = [23, 4, 10];
  const g = randn(B * E);
  const ex = randn(E * B * H);
  const dOut = randn(B * H);
  const mix = (gates: tf.Tensor, experts: tf.Tensor) =>
    tf.sum(tf.mul(tf.reshape(tf.transpose(gates), [E, B, 1]), tf.reshape(experts, [E, B, H])), 0);
  const tg = tf.tensor2d(g, [B, E]);
  const te = tf.tensor3d(ex, [E, B, H]);
  const Out = km.alloc(B * H);
  const G = put(g);
  const X = put(ex);
  km.k.mixForward(Out.ptr, G.ptr, X.ptr, B, E, H);
  expect(relError(km.of(Out), mix(tg, te).dataSync())).toBeLessThan(TOL);
  const [rg, re] = tf.grads(mix)([tg, te], tf.tensor2d(dOut, [B, H]));
  const DG = km.alloc(B * E);
  const DX = km.alloc(E * B * H);
  km.k.mixBackward(DG.ptr, DX.ptr, put(dOut).ptr, G.ptr, X.ptr, B, E, H);
  expect(relError(km.of(DG), rg.dataSync())).toBeLessThan(TOL);
  expect(relError(km.of(DX), re.dataSync())).toBeLessThan(TOL);
});

test('fused per-task loss (MSE, BCE, masked cross-entropy) and its gradient', () => {
  const [T, B, K] = [4, 29, 3];
  const tasks = [
    { name: 'r', kind: 'regression' as const, outputs: 1 },
    { name: 'b', kind: 'binary' as const, outputs: 1 },
    { name: 'm', kind: 'multiclass' as const, outputs: 3 },
    { name: 'm2', kind: 'multiclass' as const, outputs: 2 },
  ];
  const fns = new TaskLosses(tasks, K);
  const out = randn(T * B * K);
  const rand = createRandom(5);
  const y = new Float32Array(B * T);
  const mask = new Float32Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const kind = tasks[t].kind;
      y[b * T + t] =
        kind === 'regression'
          ? normal()
          : Math.floor(rand() * (kind === 'binary' ? 2 : tasks[t].outputs));
      mask[b * T + t] = rand() < 0.8 ? 1 : 0;
    }
  }
  const ty = tf.tensor2d(y, [B, T]);
  const tm = tf.tensor2d(mask, [B, T]);
  const f = (o: tf.Tensor) => fns.perTask(o as tf.Tensor3D, ty, tm);
  const to = tf.tensor3d(out, [T, B, K]);
  const refLoss = f(to).dataSync();
  const kinds = km.alloc(T);
  const classes = km.alloc(T);
  km.i32(kinds.ptr, T).set(fns.kinds.kinds);
  km.i32(classes.ptr, T).set(fns.kinds.classes);
  const L = km.alloc(T);
  const D = km.alloc(T * B * K);
  km.k.taskLoss(
    put(out).ptr,
    put(y).ptr,
    put(mask).ptr,
    kinds.ptr,
    classes.ptr,
    T,
    B,
    K,
    L.ptr,
    D.ptr,
    0,
  );
  expect(relError(km.of(L), refLoss)).toBeLessThan(TOL);
  // Gradient of every task's own loss: dy = ones over the task axis.
  const ref = tf.grad(f)(to, tf.ones([T]));
  expect(relError(km.of(D), ref.dataSync())).toBeLessThan(TOL);
  fns.dispose();
});

test('Gram matrix, weighted combination, squared norm', () => {
  const [T, P] = [5, 1031];
  const j = randn(T * P);
  const w = randn(T);
  const J = put(j);
  const tj = tf.tensor2d(j, [T, P]);
  const G = km.alloc(T * T);
  km.k.gram(G.ptr, J.ptr, T, P, P);
  expect(relError(km.of(G), tf.matMul(tj, tj, false, true).dataSync())).toBeLessThan(TOL);
  const d = km.alloc(P);
  km.k.combine(d.ptr, J.ptr, put(w).ptr, T, P, P);
  expect(relError(km.of(d), tf.matMul(tf.tensor2d(w, [1, T]), tj).dataSync())).toBeLessThan(TOL);
  const sq = km.k.sumSquares(J.ptr, P);
  expect(
    Math.abs(sq - tf.sum(tf.square(tf.slice(tj, [0, 0], [1, P]))).dataSync()[0]) / sq,
  ).toBeLessThan(TOL);
});

test('Adam over a flat buffer equals the lab AdamOptimizer for 5 steps', () => {
  const n = 103;
  const p0 = randn(n);
  const v = tf.variable(tf.tensor1d(p0));
  const opt = new AdamOptimizer([v], { learningRate: 0.01 });
  const P = put(p0);
  const M = km.alloc(n);
  const V = km.alloc(n);
  const G = km.alloc(n);
  for (let t = 1; t <= 5; t++) {
    const g = randn(n);
    tf.tidy(() => opt.apply([tf.tensor1d(g)]));
    km.of(G).set(g);
    const stepSize = 0.01 / (1 - 0.9 ** t);
    const vScale = 1 / Math.sqrt(1 - 0.999 ** t);
    km.k.adam(P.ptr, G.ptr, M.ptr, V.ptr, n, stepSize, 0.9, 0.999, 1e-8, vScale);
  }
  expect(relError(km.of(P), v.dataSync())).toBeLessThan(TOL);
  opt.dispose();
  v.dispose();
});

test('every kernel a tape may hold replays as its direct call (TAPE_KERNELS = assembly/replay.ts order)', () => {
  const [a, b, c, d, e, f] = Array.from({ length: 6 }, () => put(randn(512)).ptr);
  const kinds = km.alloc(3);
  km.i32(kinds.ptr, 3).set([0, 1, 0]);
  const classes = km.alloc(3);
  km.i32(classes.ptr, 3).set([1, 1, 1]);
  const calls: Record<(typeof TAPE_KERNELS)[number], number[]> = {
    gemmNN: [5, 9, 7, a, 7, b, 9, c, 9, 1],
    gemmTN: [5, 9, 7, a, 5, b, 9, c, 9, 1],
    gemmNT: [5, 9, 7, a, 7, b, 7, c, 9, 1, f],
    transpose: [a, 6, 7, 7, c],
    biasAct: [c, 6, 7, a, 1],
    reluMask: [c, a, 41],
    colSum: [c, a, 6, 7],
    softmaxRows: [c, a, 6, 7],
    softmaxGrad: [c, a, b, 6, 7],
    mixForward: [c, a, b, 5, 3, 6],
    mixBackward: [c, d, a, b, e, 5, 3, 6],
    axpy: [c, a, 0.3, 41],
    axpyAt: [c, a, b, 41],
    scale: [c, 0.7, 41],
    scaleAt: [c, b, 41],
    copy: [c, a, 41],
    zero: [c, 41],
    taskLoss: [a, b, d, kinds.ptr, classes.ptr, 3, 5, 2, e, f, 0],
  };
  const from = a >> 2;
  const to = km.used >> 2;
  const memory = () => km.f32(0, to).subarray(from);
  const start = memory().slice();
  for (const name of TAPE_KERNELS) {
    const call = (k: KernelExports) => (k[name] as (...args: number[]) => unknown)(...calls[name]);
    memory().set(start);
    call(km.k);
    const direct = memory().slice();
    memory().set(start);
    const tape = km.record(() => call(km.k));
    km.replay(tape);
    expect(memory(), name).toEqual(direct);
    expect(direct, name).not.toEqual(start);
  }
});
