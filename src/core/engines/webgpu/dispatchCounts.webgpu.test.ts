/**
 * Dispatches per optimizer update, measured side by side in one run (steady state: after a
 * warm-up update, since the first stock Adam step also creates its slot variables).
 */
import { describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import {
  combineAdam,
  countGpuWork,
  FusedAdamOptimizer,
  fusedAdam,
  gramStats,
  initPackedState,
  PackedLayout,
  packedAdam,
  paramViews,
  restGradients,
  stackTaskGradients,
  type GpuCounts,
} from './index';
import { R0_SPECS, randomArray, T4, TWELVE_SHAPES } from './testing/fixtures';
import { withGpuErrorScope } from './testing/nodeWebgpu';
import { must, webgpuSuite } from './testing/webgpuSuite';

const suite = await webgpuSuite('dispatchCounts.webgpu.test.ts');
const ADAM = { learningRate: 0.01 };
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Fresh gradients, already uploaded, so the counts below exclude their upload buffers. */
function gradsFor(shapes: number[][], seed: number): tf.Tensor[] {
  const grads = shapes.map((s, i) => tf.tensor(randomArray(size(s), seed + i), s));
  tf.tidy(() => grads.forEach((g) => tf.neg(g)));
  return grads;
}

describe.skipIf(suite === null)('dispatches per update (12 variables)', () => {
  it('stock tf.train.adam vs the fused programs', async () => {
    const s = must(suite);
    const rows: Array<[string, GpuCounts]> = [];
    const measure = (label: string, body: () => void): GpuCounts => {
      const { counts } = countGpuWork(s.counter, () => tf.tidy(body));
      rows.push([label, counts]);
      return counts;
    };
    await withGpuErrorScope(s.device, async () => {
      const vars = TWELVE_SHAPES.map((shape, i) =>
        tf.variable(tf.tensor(randomArray(size(shape), i), shape)),
      );
      const stock = tf.train.adam(0.01);
      const byName = (grads: tf.Tensor[]): Array<{ name: string; tensor: tf.Tensor }> =>
        vars.map((v, i) => ({ name: v.name, tensor: grads[i] }));
      const g1 = gradsFor(TWELVE_SHAPES, 10);
      const g2 = gradsFor(TWELVE_SHAPES, 20);
      tf.tidy(() => stock.applyGradients(byName(g1)));
      const stockCounts = measure('tf.train.adam (12 variables)', () =>
        stock.applyGradients(byName(g2)),
      );

      const n = TWELVE_SHAPES.reduce((a, sh) => a + size(sh), 0);
      const state = tf.variable(
        tf.stack([tf.tensor1d(randomArray(n, 3)), tf.zeros([n]), tf.zeros([n])]),
        false,
      );
      const flat = tf.tensor1d(randomArray(n, 4));
      tf.tidy(() => void tf.neg(flat));
      const fused = measure('fusedAdam (packed state + flat grad)', () =>
        state.assign(fusedAdam(state as tf.Tensor2D, flat, ADAM, 1)),
      );
      const packed = measure('packedAdam (12 separate grads)', () =>
        state.assign(packedAdam(state as tf.Tensor2D, g1, ADAM, 2)),
      );

      const opt = new FusedAdamOptimizer(vars, ADAM);
      tf.tidy(() => opt.apply(g1));
      const optimizer = measure('FusedAdamOptimizer.apply (writes 12 variables back)', () =>
        opt.apply(g2),
      );
      await state.data();

      expect(stockCounts.dispatches).toBeGreaterThanOrEqual(10 * TWELVE_SHAPES.length);
      expect(fused.dispatches).toBe(1);
      expect(packed.dispatches).toBe(2);
      expect(optimizer.dispatches).toBe(2 + TWELVE_SHAPES.length);
      opt.dispose();
      stock.dispose();
      tf.dispose([...vars, state, flat, ...g1, ...g2]);
    });

    // The optimizer side of a gradient-method step on R0 (shared-bottom, 4 towers, + log-variances).
    await withGpuErrorScope(s.device, async () => {
      const layout = new PackedLayout(R0_SPECS, T4);
      const values = Object.fromEntries(
        R0_SPECS.map((p, i) => [p.name, tf.tensor(randomArray(size(p.shape), i), [...p.shape])]),
      );
      const state = tf.variable(initPackedState(layout, values), false);
      const grads = Object.fromEntries(
        layout.segments.map((seg, i) => {
          const shape = seg.role === 'shared' ? [T4, ...seg.shape] : seg.shape;
          return [seg.name, gradsFor([shape], 90 + i)[0]];
        }),
      );
      tf.tidy(() => void tf.neg(state));
      const views = measure(
        'R0 paramViews (9 params, shared replicated)',
        () => void paramViews(state as tf.Tensor2D, layout),
      );
      let J: tf.Tensor2D | null = null;
      const jac = measure('R0 J = stack of 4 shared grads', () => {
        J = tf.keep(stackTaskGradients(layout, grads));
      });
      const gram = measure('R0 gramStats', () => void gramStats(must2(J)));
      const upd = measure('R0 combineAdam (wᵀJ + scaled heads + Adam)', () =>
        state.assign(
          combineAdam(state as tf.Tensor2D, layout, {
            J: must2(J),
            rest: restGradients(layout, grads),
            weights: [0.25, 0.25, 0.25, 0.25],
            config: ADAM,
            step: 1,
          }),
        ),
      );
      await state.data();
      expect([views.dispatches, jac.dispatches, gram.dispatches, upd.dispatches]).toEqual([
        layout.segments.length,
        1,
        1,
        1,
      ]);
      tf.dispose([state, must2(J), ...Object.values(values), ...Object.values(grads)]);
    });

    console.log(
      'dispatches / buffers created / submits per call:\n' +
        rows
          .map(
            ([label, c]) =>
              `  ${label.padEnd(56)} ${c.dispatches} / ${c.buffersCreated} / ${c.submits}`,
          )
          .join('\n'),
    );
  });
});

function must2(J: tf.Tensor2D | null): tf.Tensor2D {
  if (!J) throw new Error('J not computed');
  return J;
}
