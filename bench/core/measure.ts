/**
 * Runs the plan on the CURRENT tfjs backend: for each reference config and implementation, warm
 * up, read tf.memory(), time windows of steps (each ends with one sync), count GPU work during
 * the steps only, read tf.memory() again. Same code in the bench page and in Node (Dawn).
 */
import { tf } from '../../src/core/tf';
import { getEngine } from '../../src/core/engines/registry';
import { generateDataset } from '../../src/core/data/generator';
import {
  installDispatchCounter,
  type DispatchCounter,
} from '../../src/core/engines/webgpu/dispatchCounter';
import { referenceConfig, type ConfigId } from './configs';
import { installGlAllocationCounter, type AllocationCounter } from './glCounter';
import { createLabSubject } from './labSubject';
import { createNaiveSubject } from './naive';
import type { BenchSubject } from './subject';
import { setFusedThreads } from '../../src/core/engines/wasm-fused/threads';
import {
  benchEngine,
  cellPlan,
  type BenchBackend,
  type BenchPlan,
  type BenchRow,
  type Impl,
} from './types';

interface Counters {
  dispatches(): number | null;
  allocations(): number | null;
  uninstall(): void;
}

function installCounters(backend: BenchBackend): Counters {
  if (backend === 'webgpu') {
    const c: DispatchCounter = installDispatchCounter();
    return {
      dispatches: () => c.read().dispatches,
      allocations: () => c.read().buffersCreated,
      uninstall: () => c.uninstall(),
    };
  }
  const gl: AllocationCounter | null = backend === 'webgl' ? installGlAllocationCounter() : null;
  return {
    dispatches: () => null,
    allocations: () => gl?.read() ?? null,
    uninstall: () => gl?.uninstall(),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const delta = (a: number | null, b: number | null, steps: number): number | null =>
  a === null || b === null ? null : (b - a) / steps;

/**
 * The plan's warm-up steps, then more until `minWarmupMs` has passed (so V8 has optimised the
 * host code and tiered up the wasm); returns the steps per timed window, raised so that a window
 * lasts at least `minWindowMs`.
 */
async function warmUp(subject: BenchSubject, plan: BenchPlan): Promise<number> {
  const started = performance.now();
  let steps = plan.warmupSteps;
  let t0 = started;
  let chunk = 1;
  for (;;) {
    await subject.train(steps);
    await subject.sync();
    const now = performance.now();
    const msPerStep = (now - t0) / Math.max(steps, 1);
    if (now - started >= plan.minWarmupMs) {
      return Math.max(plan.stepsPerWindow, Math.ceil(plan.minWindowMs / msPerStep));
    }
    t0 = now;
    steps = chunk;
    chunk = Math.min(chunk * 2, 1024);
  }
}

async function measureOne(
  backend: BenchBackend,
  configId: ConfigId,
  impl: Impl,
  fullPlan: BenchPlan,
  log: (line: string) => void,
): Promise<BenchRow> {
  const plan = cellPlan(fullPlan, backend, configId, impl);
  const { config } = referenceConfig(configId);
  const dataset = generateDataset(config.data);
  // An engine of src/core/engines (not a tfjs backend) runs the lab's step on its own.
  const benched = benchEngine(backend);
  const engine = benched ? getEngine(benched.id)?.id : undefined;
  if (benched) setFusedThreads(benched.threads);
  const subject: BenchSubject =
    impl === 'lab'
      ? await createLabSubject(config, dataset, engine)
      : createNaiveSubject(config, dataset);
  const counters = installCounters(backend);
  try {
    const stepsPerWindow = await warmUp(subject, plan);
    const before = tf.memory();
    const heapBefore = subject.memoryBytes?.() ?? null;
    const windowsMs: number[] = [];
    let dispatches: number | null = 0;
    let allocations: number | null = 0;
    const started = performance.now();
    for (let w = 0; w < plan.windows; w++) {
      if (w >= 1 && performance.now() - started > plan.maxSeconds * 1000) break;
      const t0 = performance.now();
      const d0 = counters.dispatches();
      const a0 = counters.allocations();
      await subject.train(stepsPerWindow);
      const d = delta(d0, counters.dispatches(), 1);
      const a = delta(a0, counters.allocations(), 1);
      dispatches = dispatches === null || d === null ? null : dispatches + d;
      allocations = allocations === null || a === null ? null : allocations + a;
      await subject.sync();
      windowsMs.push((performance.now() - t0) / stepsPerWindow);
    }
    const after = tf.memory();
    const heapAfter = subject.memoryBytes?.() ?? null;
    const steps = windowsMs.length * stepsPerWindow;
    const ms = median(windowsMs);
    const row: BenchRow = {
      config: configId,
      backend,
      impl,
      stepsPerSecond: 1000 / ms,
      msPerStep: ms,
      dispatchesPerStep: dispatches === null ? null : dispatches / steps,
      allocationsPerStep: allocations === null ? null : allocations / steps,
      tensorsBefore: before.numTensors,
      tensorsAfter: after.numTensors,
      bytesBefore: heapBefore ?? before.numBytes,
      bytesAfter: heapAfter ?? after.numBytes,
      steps,
      windowsMs,
      threads: subject.threads,
    };
    log(
      `${configId} ${backend} ${impl}: ${ms.toFixed(2)} ms/step, ` +
        `${row.dispatchesPerStep?.toFixed(1) ?? '-'} dispatches/step, tensors ${before.numTensors} -> ${after.numTensors}`,
    );
    return row;
  } finally {
    counters.uninstall();
    subject.dispose();
  }
}

/** Every (config, impl) of the plan on the current backend. */
export async function runPlan(
  backend: BenchBackend,
  plan: BenchPlan,
  log: (line: string) => void = () => {},
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const configId of plan.configs) {
    for (const impl of plan.impls) {
      // The naive code is tfjs code: it has no row on an engine of its own.
      if (impl === 'naive' && benchEngine(backend)) continue;
      rows.push(await measureOne(backend, configId, impl, plan, log));
    }
  }
  return rows;
}
