/** The plain-tf paths (cpu backend): the same API that runs on cpu/wasm/webgl, and the references for the GPU tests. */
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import {
  combineAdam,
  combineGradients,
  FusedAdamOptimizer,
  fusedAdam,
  gramStats,
  initPackedState,
  PackedLayout,
  packedAdam,
  paramViews,
  parseGramStats,
  restGradients,
  stackTaskGradients,
} from './index';
import { R0_SPECS, randomArray, relativeError, T4, TWELVE_SHAPES } from './testing/fixtures';
import { adamRefInit, adamRefPacked, adamRefStep } from './testing/referenceAdam';

const ADAM = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fusedAdam (tf-ops fallback)', () => {
  it('matches tf.train.adam over 12 variables after 5 steps', async () => {
    const vars = TWELVE_SHAPES.map((s, i) =>
      tf.variable(tf.tensor(randomArray(size(s), i + 1), s)),
    );
    const layout = new PackedLayout(
      TWELVE_SHAPES.map((shape, i) => ({ name: `v${i}`, shape })),
      1,
    );
    let state = initPackedState(layout, Object.fromEntries(vars.map((v, i) => [`v${i}`, v])));
    const stock = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
    for (let step = 1; step <= 5; step++) {
      const grads = TWELVE_SHAPES.map((s, i) => tf.tensor(randomArray(size(s), 100 * step + i), s));
      const flat = tf.concat(grads.map((g) => tf.reshape(g, [-1])));
      const next = fusedAdam(state, flat, ADAM, step);
      state.dispose();
      state = next;
      stock.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
      tf.dispose([...grads, flat]);
    }
    const expected = tf.concat(vars.map((v) => tf.reshape(v, [-1])));
    const got = tf.slice(state, [0, 0], [1, layout.size]);
    expect(relativeError(await got.data(), await expected.data())).toBeLessThan(1e-5);
    tf.dispose([state, expected, got, ...vars]);
    stock.dispose();
  });

  it('applies decoupled weight decay like the float64 reference', async () => {
    const p0 = randomArray(50, 7);
    const ref = adamRefInit(p0);
    let state = tf.stack([tf.tensor1d(p0), tf.zeros([50]), tf.zeros([50])]) as tf.Tensor2D;
    for (let step = 1; step <= 5; step++) {
      const g = randomArray(50, 70 + step);
      adamRefStep(ref, g, step, {
        lr: 0.05,
        beta1: 0.8,
        beta2: 0.99,
        epsilon: 1e-6,
        weightDecay: 0.1,
      });
      const next = fusedAdam(
        state,
        tf.tensor1d(g),
        { learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1 },
        step,
      );
      state.dispose();
      state = next;
    }
    expect(relativeError(await state.data(), adamRefPacked(ref))).toBeLessThan(1e-5);
    state.dispose();
  });

  it('rejects a state that is not [3, n] and a gradient of the wrong size', () => {
    const bad = tf.zeros([2, 4]) as tf.Tensor2D;
    expect(() => fusedAdam(bad, tf.zeros([4]), ADAM, 1)).toThrow(/\[3, n\]/);
    expect(() => fusedAdam(tf.zeros([3, 4]) as tf.Tensor2D, tf.zeros([5]), ADAM, 1)).toThrow(
      /5 elements/,
    );
    expect(() => fusedAdam(tf.zeros([3, 4]) as tf.Tensor2D, tf.zeros([4]), ADAM, 0)).toThrow(
      /step/,
    );
  });
});

describe('FusedAdamOptimizer (tf-ops fallback)', () => {
  it('tracks tf.train.adam and keeps the tensor count flat', async () => {
    const init = TWELVE_SHAPES.map((s, i) => randomArray(size(s), 300 + i));
    const mine = init.map((v, i) => tf.variable(tf.tensor(v, TWELVE_SHAPES[i])));
    const theirs = init.map((v, i) => tf.variable(tf.tensor(v, TWELVE_SHAPES[i])));
    const opt = new FusedAdamOptimizer(mine, ADAM);
    const stock = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
    let tensorsAfterFirst = 0;
    for (let step = 1; step <= 5; step++) {
      const grads = TWELVE_SHAPES.map((s, i) =>
        tf.tensor(randomArray(size(s), 400 + 10 * step + i), s),
      );
      tf.tidy(() => opt.apply(grads));
      stock.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i] })));
      tf.dispose(grads);
      if (step === 1) tensorsAfterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(opt.updates).toBe(5);
    for (let i = 0; i < mine.length; i++) {
      expect(relativeError(await mine[i].data(), await theirs[i].data())).toBeLessThan(1e-5);
    }
    opt.dispose();
    stock.dispose();
    tf.dispose([...mine, ...theirs]);
  });
});

describe('FusedAdamOptimizer variable mapping', () => {
  it('writes every variable back to itself when the layout reorders them (zero gradients)', async () => {
    const specs = [...R0_SPECS].reverse();
    const init = specs.map((p, i) => randomArray(size(p.shape), 900 + i));
    const vars = specs.map((p, i) => tf.variable(tf.tensor(init[i], [...p.shape])));
    const roles = specs.map((p) => p.role ?? 'own');
    const opt = new FusedAdamOptimizer(vars, { learningRate: 0.1 }, { roles, numTasks: T4 });
    const shared = specs.filter((p) => p.role === 'shared');
    const Ps = shared.reduce((a, p) => a + size(p.shape), 0);
    const rest = specs.filter((p) => p.role !== 'shared').map((p) => tf.zeros([...p.shape]));
    opt.applyCombined({ J: tf.zeros([T4, Ps]) as tf.Tensor2D, weights: [1, 1, 1, 1], rest });
    opt.apply(vars.map((v) => tf.zerosLike(v)));
    for (let i = 0; i < vars.length; i++) {
      expect(Array.from(await vars[i].data()), specs[i].name).toEqual(Array.from(init[i]));
    }
    opt.dispose();
    tf.dispose(vars);
  });
});

describe('packedAdam', () => {
  it('equals fusedAdam on the concatenated gradient', async () => {
    const n = TWELVE_SHAPES.reduce((a, s) => a + size(s), 0);
    const state = tf.stack([
      tf.tensor1d(randomArray(n, 1)),
      tf.zeros([n]),
      tf.zeros([n]),
    ]) as tf.Tensor2D;
    const grads = TWELVE_SHAPES.map((s, i) => tf.tensor(randomArray(size(s), 20 + i), s));
    const a = packedAdam(state, grads, ADAM, 1);
    const b = fusedAdam(state, tf.concat(grads.map((g) => tf.reshape(g, [-1]))), ADAM, 1);
    expect(relativeError(await a.data(), await b.data())).toBe(0);
    expect(() => packedAdam(state, grads.slice(1), ADAM, 1)).toThrow(/gradients hold/);
  });
});

describe('gramStats / combineGradients (tf-ops fallback)', () => {
  it('gives the Gram matrix and cosines, with 0 for a zero gradient', async () => {
    const T = 3;
    const P = 40;
    const J = randomArray(T * P, 5);
    J.fill(0, 2 * P, 3 * P);
    const stats = parseGramStats(
      Float32Array.from(await gramStats(tf.tensor2d(J, [T, P])).data()),
      T,
    );
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        let g = 0;
        for (let k = 0; k < P; k++) g += J[i * P + k] * J[j * P + k];
        expect(stats.gram[i][j]).toBeCloseTo(g, 4);
      }
    }
    expect(stats.cosine[0][0]).toBeCloseTo(1, 5);
    expect(stats.cosine[0][2]).toBe(0);
    expect(stats.cosine[0][1]).toBeCloseTo(stats.gram[0][1] / (stats.norms[0] * stats.norms[1]), 5);
  });

  it('combines task gradients with host or tensor weights', async () => {
    const T = 5;
    const P = 30;
    const J = randomArray(T * P, 9);
    const w = [0.5, -1, 2, 0.25, 3];
    const expected = Array.from({ length: P }, (_, i) =>
      w.reduce((a, wt, t) => a + wt * J[t * P + i], 0),
    );
    const Jt = tf.tensor2d(J, [T, P]);
    expect(relativeError(await combineGradients(Jt, w).data(), expected)).toBeLessThan(1e-6);
    expect(relativeError(await combineGradients(Jt, tf.tensor1d(w)).data(), expected)).toBeLessThan(
      1e-6,
    );
    expect(() => combineGradients(Jt, [1, 2])).toThrow(/2 weights for 5 tasks/);
  });
});

describe('PackedLayout and views', () => {
  it('puts shared segments first and validates shapes', () => {
    const layout = new PackedLayout(
      [
        { name: 'head', shape: [2, 3], role: 'task' },
        { name: 'trunk', shape: [4], role: 'shared' },
      ],
      2,
    );
    expect(layout.segments.map((s) => [s.name, s.offset])).toEqual([
      ['trunk', 0],
      ['head', 4],
    ]);
    expect(layout.sharedSize).toBe(4);
    expect(layout.size).toBe(10);
    expect(() => new PackedLayout([{ name: 'h', shape: [3, 3], role: 'task' }], 2)).toThrow(
      /leading dimension 2/,
    );
    expect(
      () =>
        new PackedLayout(
          [
            { name: 'a', shape: [1] },
            { name: 'a', shape: [1] },
          ],
          1,
        ),
    ).toThrow(/duplicate/);
  });

  it('reads parameters back, replicating shared ones', async () => {
    const layout = new PackedLayout(R0_SPECS, T4);
    const values = Object.fromEntries(
      R0_SPECS.map((s, i) => [s.name, tf.tensor(randomArray(size(s.shape), i), [...s.shape])]),
    );
    const state = initPackedState(layout, values);
    const views = paramViews(state, layout);
    expect(views['trunk0/W'].shape).toEqual([T4, 32, 64]);
    expect(views['tower0/W'].shape).toEqual([T4, 64, 32]);
    const rep = await views['trunk1/b'].data();
    const orig = await values['trunk1/b'].data();
    expect(Array.from(rep.slice(3 * 64, 4 * 64))).toEqual(Array.from(orig));
    expect(Array.from(await views['logVar'].data())).toEqual(
      Array.from(await values['logVar'].data()),
    );
  });
});

describe('combineAdam (tf-ops fallback)', () => {
  it('matches wᵀJ + head-weight-scaled task gradients + Adam in float64', async () => {
    const layout = new PackedLayout(R0_SPECS, T4);
    const n = layout.size;
    const Ps = layout.sharedSize;
    const p0 = randomArray(n, 11);
    const ref = adamRefInit(p0);
    let state = tf.stack([tf.tensor1d(p0), tf.zeros([n]), tf.zeros([n])]) as tf.Tensor2D;
    for (let step = 1; step <= 5; step++) {
      const w = [1, 0.5 * step, -0.25, 2 / step];
      const h = step > 3 ? [0.1, 0.2, 0.3, 0.4] : w;
      const grads = Object.fromEntries(
        layout.segments.map((s, i) => {
          const shape = s.role === 'shared' ? [T4, ...s.shape] : s.shape;
          return [s.name, tf.tensor(randomArray(size(shape), 1000 * step + i), shape)];
        }),
      );
      const J = stackTaskGradients(layout, grads);
      const Jv = await J.data();
      const rest = restGradients(layout, grads);
      const restV = Float32Array.from(await tf.concat(rest).data());
      const g = new Float64Array(n);
      for (let i = 0; i < Ps; i++) for (let t = 0; t < T4; t++) g[i] += w[t] * Jv[t * Ps + i];
      for (const seg of layout.restSegments) {
        for (let k = 0; k < seg.size; k++) {
          const scale = seg.role === 'task' ? h[Math.floor(k / (seg.size / T4))] : 1;
          g[seg.offset + k] = restV[seg.offset - Ps + k] * scale;
        }
      }
      adamRefStep(ref, g, step, { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
      const next = combineAdam(state, layout, {
        J,
        rest,
        weights: step % 2 ? w : tf.tensor1d(w),
        headWeights: step > 3 ? (step % 2 ? h : tf.tensor1d(h)) : undefined,
        config: { learningRate: 0.01 },
        step,
      });
      state.dispose();
      state = next;
    }
    expect(relativeError(await state.data(), adamRefPacked(ref))).toBeLessThan(1e-5);
  });
});
