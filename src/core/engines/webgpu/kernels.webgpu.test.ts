/**
 * Each custom program against the same computation in plain tfjs ops on the cpu backend, inside
 * device error scopes (WGSL/validation errors never throw in tfjs), with dispatch counts asserted.
 */
import { describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import {
  combineAdam,
  type CombineAdamArgs,
  combineGradients,
  countGpuWork,
  FusedAdamOptimizer,
  fusedAdam,
  gramMatrix,
  gramStats,
  initPackedState,
  PackedLayout,
  packedAdam,
  paramViews,
  restGradients,
  stackTaskGradients,
} from './index';
import { R0_SPECS, randomArray, relativeError, runOn, T4, TWELVE_SHAPES } from './testing/fixtures';
import { withGpuErrorScope } from './testing/nodeWebgpu';
import { must, webgpuSuite } from './testing/webgpuSuite';
import { flatDispatch, runProgram, type WebGPUProgram } from './webgpuBackend';

const suite = await webgpuSuite('kernels.webgpu.test.ts');
const ADAM = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const N12 = TWELVE_SHAPES.reduce((a, s) => a + size(s), 0);

/** 5 Adam steps of the fused program over the 12 packed variables; returns the final state. */
function fusedAdamFiveSteps(counts: number[] = []): tf.Tensor[] {
  let state = tf.stack([
    tf.tensor1d(randomArray(N12, 1)),
    tf.zeros([N12]),
    tf.zeros([N12]),
  ]) as tf.Tensor2D;
  for (let step = 1; step <= 5; step++) {
    const grad = tf.tensor1d(randomArray(N12, 50 + step));
    const { result, counts: c } = countGpuWork(must(suite).counter, () =>
      fusedAdam(state, grad, ADAM, step),
    );
    counts.push(c.dispatches);
    state = result;
  }
  return [state];
}

describe.skipIf(suite === null)('custom WebGPU programs', () => {
  it('runs on a real WebGPU adapter', () => {
    const s = must(suite);
    console.log(`WebGPU adapter: ${s.adapter}`);
    expect(tf.getBackend()).toBe('webgpu');
    expect(s.counter.read().dispatches).toBeGreaterThanOrEqual(0);
  });

  it('error scopes catch a broken program (so the other tests can fail)', async () => {
    const s = must(suite);
    class Broken implements WebGPUProgram {
      variableNames = ['X'];
      outputShape = [4];
      shaderKey = 'mtlBrokenOnPurpose';
      dispatchLayout = { x: [0] };
      dispatch = flatDispatch(4, 64);
      workgroupSize: [number, number, number] = [64, 1, 1];
      getUserCode = (): string => 'fn main(index : i32) { result[index] = undefinedThing; }';
    }
    const run = withGpuErrorScope(s.device, async () => {
      const y = runProgram(s.backend, new Broken(), [tf.ones([4])]);
      await y.data();
      y.dispose();
    });
    await expect(run).rejects.toThrow(/WebGPU error/);
  });

  it('fusedAdam: 1 dispatch per update, 5 steps match tf.train.adam on cpu (12 variables)', async () => {
    const s = must(suite);
    const counts: number[] = [];
    const [gpuState] = await withGpuErrorScope(s.device, () =>
      runOn('webgpu', () => fusedAdamFiveSteps(counts)),
    );
    expect(counts).toEqual([1, 1, 1, 1, 1]);
    const [cpuState] = await runOn('cpu', () => fusedAdamFiveSteps());
    expect(relativeError(gpuState, cpuState)).toBeLessThan(1e-5);

    // Independent reference: tf.train.adam on cpu over the 12 separate variables.
    const [stock] = await runOn('cpu', () => {
      const init = randomArray(N12, 1);
      let off = 0;
      const vars = TWELVE_SHAPES.map((shape) => {
        const v = tf.variable(tf.tensor(init.slice(off, off + size(shape)), shape));
        off += size(shape);
        return v;
      });
      const opt = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
      for (let step = 1; step <= 5; step++) {
        const g = randomArray(N12, 50 + step);
        let o = 0;
        const grads = vars.map((v) => {
          const tensor = tf.tensor(g.slice(o, o + v.size), v.shape);
          o += v.size;
          return { name: v.name, tensor };
        });
        opt.applyGradients(grads);
      }
      const flat = tf.concat(vars.map((v) => tf.reshape(v, [-1])));
      opt.dispose();
      tf.dispose(vars);
      return [flat];
    });
    const rel = relativeError(gpuState.subarray(0, N12), stock);
    console.log(
      `fusedAdam vs tf.train.adam (cpu), 5 steps, 12 vars: max rel err ${rel.toExponential(2)}`,
    );
    expect(rel).toBeLessThan(1e-5);
  });

  it('packedAdam: 12 separate gradients cost 1 concat + 1 Adam dispatch and match fusedAdam', async () => {
    const s = must(suite);
    const body = (): tf.Tensor[] => {
      const state = tf.stack([
        tf.tensor1d(randomArray(N12, 2)),
        tf.zeros([N12]),
        tf.zeros([N12]),
      ]) as tf.Tensor2D;
      const grads = TWELVE_SHAPES.map((shape, i) =>
        tf.tensor(randomArray(size(shape), 60 + i), shape),
      );
      const { result, counts } = countGpuWork(s.counter, () => packedAdam(state, grads, ADAM, 3));
      return [result, tf.tensor1d([counts.dispatches])];
    };
    const [gpu, dispatches] = await withGpuErrorScope(s.device, () => runOn('webgpu', body));
    const [cpu] = await runOn('cpu', body);
    expect(dispatches[0]).toBe(2);
    expect(relativeError(gpu, cpu)).toBeLessThan(1e-5);
  });

  it('FusedAdamOptimizer: 5 updates of 12 variables match tf.train.adam on cpu, tensor count flat', async () => {
    const s = must(suite);
    const gradsAt = (step: number): tf.Tensor[] =>
      TWELVE_SHAPES.map((shape, i) =>
        tf.tensor(randomArray(size(shape), 700 + 20 * step + i), shape),
      );
    const init = TWELVE_SHAPES.map((shape, i) =>
      tf.tensor(randomArray(size(shape), 600 + i), shape),
    );
    const vars = init.map((t) => tf.variable(t));
    const opt = new FusedAdamOptimizer(vars, ADAM);
    const tensorCounts: number[] = [];
    await withGpuErrorScope(s.device, async () => {
      for (let step = 1; step <= 5; step++) {
        const grads = gradsAt(step);
        tf.tidy(() => opt.apply(grads));
        tf.dispose(grads);
        tensorCounts.push(tf.memory().numTensors);
      }
      await vars[0].data();
    });
    const gpu = await Promise.all(vars.map(async (v) => Float32Array.from(await v.data())));
    opt.dispose();
    tf.dispose([...vars, ...init]);
    expect(new Set(tensorCounts).size).toBe(1);
    const cpu = await runOn('cpu', () => {
      const cv = TWELVE_SHAPES.map((shape, i) =>
        tf.variable(tf.tensor(randomArray(size(shape), 600 + i), shape)),
      );
      const stock = tf.train.adam(ADAM.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
      for (let step = 1; step <= 5; step++) {
        const grads = gradsAt(step);
        stock.applyGradients(cv.map((v, i) => ({ name: v.name, tensor: grads[i] })));
        tf.dispose(grads);
      }
      stock.dispose();
      const out = cv.map((v) => tf.clone(v));
      tf.dispose(cv);
      return out;
    });
    for (let i = 0; i < gpu.length; i++)
      expect(relativeError(gpu[i], cpu[i]), `variable ${i}`).toBeLessThan(1e-5);
  });

  it('gramStats (Gram + cosines) and gramMatrix: 1 dispatch each, within 1e-4 of matMul on cpu', async () => {
    const s = must(suite);
    for (const [T, P] of [
      [4, 6336],
      [1, 10],
      [7, 33],
      [3, 20001],
    ]) {
      const body = (): tf.Tensor[] => {
        const J = tf.tensor2d(randomArray(T * P, T * 31 + P), [T, P]);
        const { result, counts } = countGpuWork(s.counter, () => gramStats(J));
        const plain = countGpuWork(s.counter, () => gramMatrix(J));
        return [result, tf.tensor1d([counts.dispatches, plain.counts.dispatches]), plain.result];
      };
      const [gpu, dispatches, gram] = await withGpuErrorScope(s.device, () =>
        runOn('webgpu', body),
      );
      const [cpu] = await runOn('cpu', body);
      expect([...dispatches]).toEqual([1, 1]);
      expect(relativeError(gram, cpu.subarray(0, T * T)), `gramMatrix T=${T}`).toBeLessThan(1e-4);
      const rel = relativeError(gpu, cpu);
      expect(rel, `T=${T} P=${P}`).toBeLessThan(1e-4);
      expect(
        relativeError(gpu.subarray(T * T), cpu.subarray(T * T)),
        `cosines T=${T}`,
      ).toBeLessThan(1e-4);
    }
  });

  it('combineGradients: wᵀJ in 1 dispatch for host (1-3 vec4 uniforms) and tensor weights', async () => {
    const s = must(suite);
    const cases: Array<{ T: number; P: number; tensor: boolean }> = [
      { T: 4, P: 6336, tensor: false },
      { T: 9, P: 100, tensor: false },
      { T: 5, P: 777, tensor: true },
    ];
    for (const { T, P, tensor } of cases) {
      const w = Array.from({ length: T }, (_, t) => (t % 2 ? -0.5 : 1) * (t + 1));
      const body = (): tf.Tensor[] => {
        const J = tf.tensor2d(randomArray(T * P, 3 * T + P), [T, P]);
        const weights = tensor ? tf.tensor1d(w) : w;
        const { result, counts } = countGpuWork(s.counter, () => combineGradients(J, weights));
        return [result, tf.tensor1d([counts.dispatches])];
      };
      const [gpu, dispatches] = await withGpuErrorScope(s.device, () => runOn('webgpu', body));
      const [cpu] = await runOn('cpu', body);
      expect(dispatches[0]).toBe(1);
      expect(relativeError(gpu, cpu), `T=${T} tensor=${tensor}`).toBeLessThan(1e-5);
    }
  });

  it('FusedAdamOptimizer.applyCombined: mixed variable order, 1 + V dispatches, matches the cpu ops', async () => {
    const s = must(suite);
    // Task variables first in the list: the layout must still map every variable back correctly.
    const specs = [...R0_SPECS].reverse();
    const roles = specs.map((p) => p.role ?? 'own');
    const body = (counts: number[]) => (): tf.Tensor[] => {
      const vars = specs.map((p, i) =>
        tf.variable(tf.tensor(randomArray(size(p.shape), 40 + i), [...p.shape])),
      );
      const opt = new FusedAdamOptimizer(vars, { learningRate: 0.02 }, { roles, numTasks: T4 });
      for (let step = 1; step <= 3; step++) {
        const sharedIdx = specs.flatMap((p, i) => (p.role === 'shared' ? [i] : []));
        const J = tf.concat(
          sharedIdx.map((i) =>
            tf.tensor2d(randomArray(T4 * size(specs[i].shape), 90 * step + i), [
              T4,
              size(specs[i].shape),
            ]),
          ),
          1,
        ) as tf.Tensor2D;
        const rest = specs.flatMap((p, i) =>
          p.role === 'shared'
            ? []
            : [tf.tensor(randomArray(size(p.shape), 70 * step + i), [...p.shape])],
        );
        const c = countGpuWork(s.counter, () =>
          opt.applyCombined({ J, weights: [0.5, 1, 1.5, -1], rest }),
        );
        counts.push(c.counts.dispatches);
      }
      const out = vars.map((v) => tf.clone(v));
      opt.dispose();
      tf.dispose(vars);
      return out;
    };
    const counts: number[] = [];
    const gpu = await withGpuErrorScope(s.device, () => runOn('webgpu', body(counts)));
    const cpu = await runOn('cpu', body([]));
    expect(counts).toEqual([1, 1, 1].map(() => 1 + specs.length));
    for (let i = 0; i < specs.length; i++)
      expect(relativeError(gpu[i], cpu[i]), specs[i].name).toBeLessThan(1e-5);
  });

  it('paramViews: one dispatch per parameter, shared ones replicated, values exact', async () => {
    const s = must(suite);
    const layout = new PackedLayout(R0_SPECS, T4);
    const body = (): tf.Tensor[] => {
      const values = Object.fromEntries(
        R0_SPECS.map((p, i) => [p.name, tf.tensor(randomArray(size(p.shape), i), [...p.shape])]),
      );
      const state = initPackedState(layout, values);
      const { result, counts } = countGpuWork(s.counter, () => paramViews(state, layout));
      return [...layout.segments.map((seg) => result[seg.name]), tf.tensor1d([counts.dispatches])];
    };
    const gpu = await withGpuErrorScope(s.device, () => runOn('webgpu', body));
    const cpu = await runOn('cpu', body);
    expect(gpu[gpu.length - 1][0]).toBe(layout.segments.length);
    for (let i = 0; i < layout.segments.length; i++)
      expect(Array.from(gpu[i])).toEqual(Array.from(cpu[i]));
  });

  it('combineAdam: combine + task-scaled heads + Adam in 1 dispatch; 5 steps match the cpu ops', async () => {
    const s = must(suite);
    const layout = new PackedLayout(R0_SPECS, T4);
    type Mode = 'jacobian' | 'tensor weights, split rest' | 'direction + head weights';
    const run = (mode: Mode, counts: number[]) => (): tf.Tensor[] => {
      let state = tf.stack([
        tf.tensor1d(randomArray(layout.size, 8)),
        tf.zeros([layout.size]),
        tf.zeros([layout.size]),
      ]) as tf.Tensor2D;
      for (let step = 1; step <= 5; step++) {
        const w = [1, 0.5 * step, -0.25, 2 / step];
        const grads = Object.fromEntries(
          layout.segments.map((seg, i) => {
            const shape = seg.role === 'shared' ? [T4, ...seg.shape] : seg.shape;
            return [seg.name, tf.tensor(randomArray(size(shape), 500 * step + i), shape)];
          }),
        );
        const J = stackTaskGradients(layout, grads);
        const rest = restGradients(layout, grads);
        let args: CombineAdamArgs;
        if (mode === 'jacobian') {
          args = { J, weights: w, rest, config: { learningRate: 0.01 }, step };
        } else if (mode === 'tensor weights, split rest') {
          // Halving every block gives 10 pieces for 3 free bindings: two tail concats.
          const split = rest.flatMap((g) => tf.split(g, g.size % 2 ? 1 : 2));
          args = { J, weights: tf.tensor1d(w), rest: split, config: { learningRate: 0.01 }, step };
        } else {
          const d = tf.matMul(tf.tensor2d(w, [1, T4]), J) as tf.Tensor2D;
          args = {
            J: d,
            weights: [1],
            headWeights: [...w].reverse(),
            rest,
            config: { learningRate: 0.01 },
            step,
          };
        }
        const { result, counts: c } = countGpuWork(s.counter, () =>
          combineAdam(state, layout, args),
        );
        counts.push(c.dispatches);
        state = result;
      }
      return [state];
    };
    const modes: Array<[Mode, number]> = [
      ['jacobian', 1],
      ['tensor weights, split rest', 3],
      ['direction + head weights', 1],
    ];
    for (const [mode, dispatches] of modes) {
      const counts: number[] = [];
      const [gpu] = await withGpuErrorScope(s.device, () => runOn('webgpu', run(mode, counts)));
      const [cpu] = await runOn('cpu', run(mode, []));
      expect(counts, mode).toEqual(new Array(5).fill(dispatches));
      const rel = relativeError(gpu, cpu);
      console.log(`combineAdam (${mode}) vs cpu ops, 5 steps: max rel err ${rel.toExponential(2)}`);
      expect(rel, mode).toBeLessThan(1e-5);
    }
  });
});
