/**
 * `npx tsx bench/profile.ts [R0|R1|R1-EW|R2] [lab|naive] [steps]`: one configuration in Node on Dawn,
 * GPU dispatches per training step grouped by WebGPU program (shaderKey), plus dispatches, buffer
 * allocations and submits counted at the WebGPU API during the steps (the snapshot sync excluded). Start with the SwiftShader env on a GPU-less box (see
 * nodeRunner.ts). Used to decide which dispatches to fuse next.
 */
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { ConfigId } from './core/configs';
import type { Impl } from './core/types';

interface Tally {
  count: number;
  ms: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== '--time');
  const timeKernels = process.argv.includes('--time');
  const [configId = 'R0', impl = 'lab', stepsText = '3'] = args;
  const steps = Number(stepsText);
  const { create, globals } = (await import('webgpu')) as unknown as {
    create(o: string[]): GPU;
    globals: object;
  };
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu: create([]), userAgent: 'node' },
    configurable: true,
    writable: true,
  });
  await import('@tensorflow/tfjs');
  const { selectBackend } = await import('../src/core/engines/tfjs/backend');
  const { tf } = await import('../src/core/tf');
  const sel = await selectBackend('webgpu');
  if (sel.name !== 'webgpu') throw new Error('no webgpu');
  const { referenceConfig } = await import('./core/configs');
  const { generateDataset } = await import('../src/core/data/generator');
  const { createLabSubject } = await import('./core/labSubject');
  const { createNaiveSubject } = await import('./core/naive');
  const { config } = referenceConfig(configId as ConfigId);
  const dataset = generateDataset(config.data);
  const subject =
    (impl as Impl) === 'lab'
      ? await createLabSubject(config, dataset)
      : createNaiveSubject(config, dataset);
  await subject.train(2);
  await subject.sync();
  const backend = tf.backend() as unknown as WebGPUBackend;
  const tallies = new Map<string, Tally>();
  // --time: tfjs's own per-program timestamp queries (each program in its own pass) — the GPU time
  // of every program, summed per program kind. Slower overall; use only to see where time goes.
  const timers: { name: string; query: Promise<number> }[] = [];
  const timed = backend as unknown as { activeTimers: typeof timers | null };
  if (timeKernels) timed.activeTimers = timers;
  const original = backend.runWebGPUProgram.bind(backend);
  backend.runWebGPUProgram = (program: WebGPUProgram, ...rest) => {
    const out = original(program, ...rest);
    const key = `${program.constructor.name} ${program.shaderKey.slice(0, 90)}`;
    const t = tallies.get(key) ?? { count: 0, ms: 0 };
    t.count += 1;
    tallies.set(key, t);
    if (timeKernels) {
      const last = timers[timers.length - 1];
      if (last) last.name = key;
    }
    return out;
  };
  const { installDispatchCounter } = await import('../src/core/engines/webgpu/dispatchCounter');
  const counter = installDispatchCounter();
  const t0 = performance.now();
  await subject.train(steps);
  const inSteps = counter.read();
  backend.runWebGPUProgram = original;
  timed.activeTimers = null;
  await subject.sync();
  for (const { name, query } of timers) {
    const t = tallies.get(name);
    if (t) t.ms += await query;
  }
  const ms = (performance.now() - t0) / steps;
  counter.uninstall();
  const sorted = [...tallies.entries()].sort((a, b) =>
    timeKernels ? b[1].ms - a[1].ms : b[1].count - a[1].count,
  );
  let total = 0;
  for (const [key, t] of sorted) {
    total += t.count;
    const ms = timeKernels ? `${(t.ms / steps).toFixed(2).padStart(8)} ms ` : '';
    console.log(`${(t.count / steps).toFixed(1).padStart(6)}  ${ms}${key}`);
  }
  console.log(
    `${(total / steps).toFixed(1)} programs/step; GPU dispatches ${(inSteps.dispatches / steps).toFixed(1)}, ` +
      `buffers created ${(inSteps.buffersCreated / steps).toFixed(2)}, submits ${(inSteps.submits / steps).toFixed(1)} per step ` +
      `(steps only); ${ms.toFixed(1)} ms/step incl. one sync`,
  );
  subject.dispose();
  process.exit(0);
}

void main();
