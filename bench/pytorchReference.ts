/**
 * Native PyTorch on the CPU, measured in the same `npm run bench` run as the browser rows so each
 * figure is a ratio on the same machine: bench/pytorch/reference.py (the LibMTL-style step) on the
 * reference configs, with one thread and with all threads. Skipped, with the reason, when
 * `python3 -c "import torch"` fails. Reports the BLAS library the process loaded: Debian's torch
 * calls libblas.so.3, which is OpenBLAS only when an OpenBLAS package provides that alternative
 * (the netlib reference BLAS is ~4x slower and must not be the reference).
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceConfig, type ConfigId } from './core/configs';
import type { BenchPlan, BenchResults, BenchRow, ReferenceBackend } from './core/types';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'pytorch', 'reference.py');

export interface PytorchReference {
  rows: BenchRow[];
  /** Why there are no rows. */
  skipped: string | null;
  torch: string | null;
  /** Shared libraries with "blas" or "mkl" in their name that the process loaded. */
  blas: string[];
}

interface PythonResult {
  torch: string;
  blas: string[];
  results: {
    config: ConfigId;
    threads: number;
    msPerStep: number;
    windowsMs: number[];
    steps: number;
  }[];
}

function spec(id: ConfigId) {
  const { config } = referenceConfig(id);
  const { data, model, train } = config;
  return {
    id,
    architecture: model.architecture,
    tasks: data.tasks,
    features: data.features,
    hidden: model.hidden,
    tower: model.tower,
    experts: model.experts,
    batchSize: train.batchSize,
    learningRate: train.learningRate,
    samples: Math.round(data.samples * (1 - data.testFraction)),
    method: train.method,
  };
}

/**
 * The PyTorch rows of a bench run when `enabled` (browser and Node runners alike): appended to
 * `rows`, a skip reason to `skipped`; returns the reference's version and BLAS, or null.
 */
export function addPytorchRows(
  enabled: boolean,
  plan: BenchPlan,
  configs: ConfigId[],
  rows: BenchRow[],
  skipped: BenchResults['skipped'],
): BenchResults['reference'] {
  if (!enabled) return null;
  console.log('native PyTorch (CPU): running');
  const py = measurePytorch(plan, configs);
  rows.push(...py.rows);
  if (py.skipped) skipped.push({ backend: 'pytorch', reason: py.skipped });
  return py.torch ? { torch: py.torch, blas: py.blas } : null;
}

export function measurePytorch(plan: BenchPlan, configs: ConfigId[]): PytorchReference {
  const probe = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = (probe.stderr || String(probe.error ?? '')).trim().split('\n').pop();
    return { rows: [], skipped: `python3 -c "import torch" failed: ${why}`, torch: null, blas: [] };
  }
  const threads = [...new Set([1, cpus().length])];
  const request = { plan, threads, configs: configs.map(spec) };
  const run = spawnSync('python3', [SCRIPT], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (run.status !== 0) {
    return {
      rows: [],
      skipped: `reference.py failed: ${run.stderr.trim()}`,
      torch: null,
      blas: [],
    };
  }
  const out = JSON.parse(run.stdout) as PythonResult;
  const rows = out.results.map((r): BenchRow => {
    const backend: ReferenceBackend = r.threads === 1 ? 'pytorch-1-thread' : 'pytorch-all-threads';
    return {
      config: r.config,
      backend,
      impl: 'lab',
      stepsPerSecond: 1000 / r.msPerStep,
      msPerStep: r.msPerStep,
      dispatchesPerStep: null,
      allocationsPerStep: null,
      tensorsBefore: 0,
      tensorsAfter: 0,
      bytesBefore: 0,
      bytesAfter: 0,
      steps: r.steps,
      windowsMs: r.windowsMs,
    };
  });
  return { rows, skipped: null, torch: out.torch, blas: out.blas };
}
