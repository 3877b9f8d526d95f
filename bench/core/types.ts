/** Shapes of the benchmark's results (bench/results.json). */
import type { BackendName } from '../../src/core/engines/tfjs/backend';

/** A tfjs backend or an engine of src/core/engines measured in the page. */
export type BenchBackend =
  BackendName | 'wasm-fused' | 'wasm-fused-1-thread' | 'wasm-fused-2-threads';
export const BENCH_BACKENDS: readonly BenchBackend[] = [
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
  'wasm-fused',
  'wasm-fused-1-thread',
  'wasm-fused-2-threads',
];

/**
 * The engine of src/core/engines a bench backend runs, with its threads: "wasm-fused" as the lab
 * runs it (threads where there is shared memory and they measure faster at build),
 * "wasm-fused-1-thread" on one thread, "wasm-fused-2-threads" on two whatever they measure.
 */
export function benchEngine(backend: string): { id: string; threads: number | 'auto' } | null {
  if (backend === 'wasm-fused') return { id: 'wasm-fused', threads: 'auto' };
  if (backend === 'wasm-fused-1-thread') return { id: 'wasm-fused', threads: 1 };
  if (backend === 'wasm-fused-2-threads') return { id: 'wasm-fused', threads: 2 };
  return null;
}

/** Rows the Node side adds: native PyTorch on the CPU (bench/pytorchReference.ts). */
export type ReferenceBackend = 'pytorch-1-thread' | 'pytorch-all-threads';
import type { ConfigId } from './configs';

export type Impl = 'lab' | 'naive';

export interface BenchRow {
  config: ConfigId;
  backend: BenchBackend | ReferenceBackend;
  impl: Impl;
  stepsPerSecond: number;
  msPerStep: number;
  /** GPU compute dispatches per training step; null off WebGPU. */
  dispatchesPerStep: number | null;
  /** GPU buffers (webgpu) or WebGL buffers + textures (webgl) created per step; null on cpu/wasm. */
  allocationsPerStep: number | null;
  tensorsBefore: number;
  tensorsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Steps between the two memory readings (1,000 in a full run). */
  steps: number;
  /** ms per step of each timed window, for spread. */
  windowsMs: number[];
  /** Threads the engine trained on (the fused engine), with the reason when one. */
  threads?: { count: number; reason: string | null };
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  os: string;
  browser: string;
  adapter: string | null;
  runner: 'browser' | 'node';
  date: string;
}

export interface BenchResults {
  machine: MachineInfo;
  quick: boolean;
  results: BenchRow[];
  /** Backends that could not run, with the reason. */
  skipped: { backend: string; reason: string }[];
  /** The native PyTorch reference of the pytorch-* rows: its version and the BLAS it loaded. */
  reference?: { torch: string; blas: string[] } | null;
}

export interface BenchPlan {
  configs: ConfigId[];
  impls: Impl[];
  warmupSteps: number;
  windows: number;
  stepsPerWindow: number;
  /** Stop adding windows for one (config, impl) after this many seconds (at least 1 window). */
  maxSeconds: number;
  /**
   * Keep warming up until this many ms have passed (JIT tiers: V8's optimising compilers and
   * wasm tier-up, PyTorch's first calls), then lengthen windows to at least `minWindowMs` each,
   * so fast cells are timed in steady state and not on a timer's granularity.
   */
  minWarmupMs: number;
  minWindowMs: number;
  /**
   * Cells that cost seconds per step (WebGPU on a software adapter, MMoE configs): their own,
   * smaller step counts in a quick run. Same rows and fields either way.
   */
  slow?: {
    backends: string[];
    configs: string[];
    impls: Impl[];
    warmupSteps: number;
    windows: number;
    stepsPerWindow: number;
  };
}

/** The step counts of one cell of the plan. */
export function cellPlan(plan: BenchPlan, backend: string, config: string, impl: Impl): BenchPlan {
  const s = plan.slow;
  const slow =
    s && s.backends.includes(backend) && s.configs.includes(config) && s.impls.includes(impl);
  if (!slow) return plan;
  return {
    ...plan,
    warmupSteps: s.warmupSteps,
    windows: s.windows,
    stepsPerWindow: s.stepsPerWindow,
  };
}

export function benchPlan(quick: boolean, configs: ConfigId[], impls: Impl[]): BenchPlan {
  return quick
    ? {
        configs,
        impls,
        warmupSteps: 2,
        windows: 5,
        stepsPerWindow: 2,
        maxSeconds: 1,
        minWarmupMs: 400,
        minWindowMs: 100,
        // The naive WebGPU MMoE steps take seconds each on SwiftShader: one warm-up step
        // (pipeline compilation) and one timed step there.
        slow: {
          backends: ['webgpu'],
          configs: ['R1', 'R1-EW', 'R2'],
          impls: ['naive'],
          warmupSteps: 1,
          windows: 1,
          stepsPerWindow: 1,
        },
      }
    : {
        configs,
        impls,
        warmupSteps: 10,
        windows: 10,
        stepsPerWindow: 100,
        maxSeconds: 600,
        minWarmupMs: 1000,
        minWindowMs: 0,
      };
}
