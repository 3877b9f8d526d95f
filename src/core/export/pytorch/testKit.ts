/**
 * Test support for the PyTorch export (Node only): a small mixed-task experiment, running python3
 * on generated files, and reading the CSVs it writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { defaultConfig, defaultTaskSpec } from '../../config/defaults';
import type { ArchitectureId, LabConfig } from '../../config/schema';
import { datasetToCsv } from '../../data/csvExport';
import { generateDataset } from '../../data/generator';
import type { Dataset } from '../../data/types';
import { exportSafetensors } from '../../io';
import { createTrainer } from '../../train/trainer';
import { trainerModelFile } from '../modelFile';
import { exportPyTorch, pytorchFileName } from './index';

/** Three tasks of every kind: a scaled, partly labelled regression, a binary and a 3-class task. */
export function experimentConfig(
  architecture: ArchitectureId,
  method = 'ew',
  methodOptions: LabConfig['train']['methodOptions'] = {},
  batchSize = 32,
): LabConfig {
  const base = defaultConfig();
  return {
    ...base,
    data: {
      ...base.data,
      tasks: 3,
      features: 6,
      rho: 0.5,
      taskSpecs: [
        { ...defaultTaskSpec(2, 0.1), scale: 5, labelledFraction: 0.7 },
        { ...defaultTaskSpec(1, 0.1), kind: 'binary' },
        { ...defaultTaskSpec(1, 0.1), kind: 'multiclass', classes: 3 },
      ],
      samples: 400,
      testFraction: 0.25,
      seed: 3,
    },
    model: {
      ...base.model,
      architecture,
      hidden: [8],
      tower: [4],
      experts: 2,
      taskExperts: 1,
      sharedExperts: 1,
      levels: 2,
      embedDim: 4,
      heads: 2,
      ffHidden: 8,
    },
    train: {
      method,
      methodOptions,
      lossTransform: 'none',
      procedure: 'none',
      learningRate: 1e-2,
      batchSize,
      weightSeed: 5,
    },
  };
}

/** The generated data, with a non-trivial standardisation so the Python side must undo it. */
export function experimentDataset(config: LabConfig): Dataset {
  const data = generateDataset(config.data);
  return {
    ...data,
    featureMean: data.featureMean.map((_, i) => 0.5 * i - 1),
    featureStd: data.featureStd.map((_, i) => 1 + 0.25 * i),
  };
}

export interface ExportedRun {
  dir: string;
  script: string;
  weights: string;
  csv: string;
  labPredictions: number[][];
}

/**
 * Train `steps` lab steps, then write the weights, the CSV and the Python file into a fresh
 * folder; `labPredictions` are the lab's test predictions after `continueSteps` more steps.
 */
export async function exportRun(
  config: LabConfig,
  dataset: Dataset,
  steps: number,
  continueSteps = 0,
): Promise<ExportedRun> {
  const trainer = await createTrainer({ config, dataset });
  try {
    await trainer.train(steps);
    const file = await trainerModelFile(trainer, config);
    const dir = mkdtempSync(join(tmpdir(), `mtl-pytorch-${config.model.architecture}-`));
    const run: ExportedRun = {
      dir,
      script: join(dir, pytorchFileName(file.meta)),
      weights: join(dir, 'model.safetensors'),
      csv: join(dir, 'data.csv'),
      labPredictions: [],
    };
    writeFileSync(run.weights, exportSafetensors(file));
    writeFileSync(run.csv, datasetToCsv(dataset));
    writeFileSync(run.script, exportPyTorch(file.meta));
    await trainer.train(continueSteps);
    run.labPredictions = await trainer.predict('test');
    return run;
  } finally {
    trainer.dispose();
  }
}

export interface PythonResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function python(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 240_000,
): PythonResult {
  const r = spawnSync('python3', args, {
    encoding: 'utf-8',
    timeout: timeoutMs,
    env: { ...process.env, OMP_NUM_THREADS: '1', ...env },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

/** Runs python and throws with its output when it fails. */
export function pythonOk(args: string[], env: Record<string, string> = {}): string {
  const r = python(args, env);
  if (r.status !== 0) {
    // torchrun prints the child's traceback first and its own long one last: show both ends.
    const errors = r.stderr.split('\n').filter((l) => /Error|error:/.test(l));
    const detail = `${errors.slice(0, 6).join('\n')}\n...\n${r.stderr.slice(-1500)}`;
    throw new Error(`python3 ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${detail}`);
  }
  return r.stdout;
}

export function hasPython(): boolean {
  return python(['-c', 'import numpy'], {}, 60_000).status === 0;
}

export function hasTorch(): boolean {
  return python(['-c', 'import torch'], {}, 120_000).status === 0;
}

/** Runs the script's command line with `import torch` failing, as on a machine without PyTorch. */
export function withoutTorch(script: string, args: string[]): string[] {
  const code =
    'import sys; sys.modules["torch"] = None; ' +
    `sys.argv = ${JSON.stringify([script, ...args])}; ` +
    `exec(compile(open(sys.argv[0], encoding="utf-8").read(), sys.argv[0], "exec"), {"__name__": "__main__"})`;
  return ['-c', code];
}

/** A numeric CSV with a header row -> { header, rows }. */
export function readNumericCsv(path: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = readFileSync(path, 'utf-8').trim().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',').map(Number)) };
}

/** The exported script's `train` command line: `steps` steps from the run's weights into `out`. */
export function trainArgs(
  run: ExportedRun,
  out: string,
  steps = 5,
  extra: string[] = [],
): string[] {
  return [
    run.script,
    'train',
    '--weights',
    run.weights,
    '--data',
    run.csv,
    '--steps',
    String(steps),
    '--out',
    out,
    ...extra,
  ];
}

/** Runs the script's `predict` on `weights` and returns the largest |python − lab| prediction. */
export function worstPredictionGap(
  run: ExportedRun,
  weights: string,
  extra: string[] = [],
): number {
  const out = join(run.dir, `predictions-${Date.now()}.csv`);
  pythonOk([
    run.script,
    'predict',
    '--weights',
    weights,
    '--data',
    run.csv,
    ...extra,
    '--out',
    out,
  ]);
  const { header, rows } = readNumericCsv(out);
  expect(header).toEqual(run.labPredictions[0].map((_, t) => `task_${t}`));
  expect(rows.length).toBe(run.labPredictions.length);
  let worst = 0;
  rows.forEach((row, r) =>
    row.forEach((v, t) => (worst = Math.max(worst, Math.abs(v - run.labPredictions[r][t])))),
  );
  return worst;
}
