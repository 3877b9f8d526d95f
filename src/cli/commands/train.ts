/**
 * `train`: train one experiment on the CPU backend and write per-task test metrics and Δm as
 * JSON. The config is a LabConfig JSON, partial over the defaults (when it changes data.tasks
 * without giving taskSpecs, the default specs are resized). The data are generated from
 * config.data; unless --no-baseline, the single-task (STL) baselines are trained on the same data
 * for the same number of steps and Δm is reported (convention in src/core/train/deltaM.ts).
 * Flags: --config <file.json> --steps <n> (1000) --out <file> --no-baseline
 *        --init pytorch|he-normal|glorot-uniform (model.init; overrides the file's).
 * The report includes each task's output spread across the training inputs at step 0.
 * `--affinity K` also measures TAG's inter-task affinity every K steps and STG-MTL's data maps, and
 * adds both with their suggested groupings (`--groups`, default 2) to the report.
 */
import '@tensorflow/tfjs-backend-cpu';
// Registers tfjs's gradient functions in plain Node (tfjs-core alone registers none).
import '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultConfig, resizeTaskSpecs } from '../../core/config/defaults';
import type { LabConfig } from '../../core/config/schema';
import { migrateConfig } from '../../core/config/migrate';
import { ConfigError, mergeConfig, validateConfig } from '../../core/config/validate';
import { generateDataset } from '../../core/data/generator';
import { tf } from '../../core/tf';
import { trainStlBaselines } from '../../core/train/baselines';
import { DELTA_M_CONVENTION, deltaM } from '../../core/train/deltaM';
import { createTrainer } from '../../core/train/trainer';
import type { TaskMetrics } from '../../core/train/types';
import { numberFlag, parseFlags, type Command } from '../command';
import { groupingReport, type GroupingReport } from './groupingReport';
import { errorMessage } from '../../core/errorMessage';

const OPTIONS = {
  config: { type: 'string' },
  steps: { type: 'string' },
  out: { type: 'string' },
  'no-baseline': { type: 'boolean' },
  init: { type: 'string' },
  affinity: { type: 'string' },
  groups: { type: 'string' },
} as const;

export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`--config: cannot read "${path}"`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`--config: "${path}" is not valid JSON (${errorMessage(error)})`);
  }
}

/** Defaults <- partial config file, validated. */
export function loadConfig(patch: unknown): LabConfig {
  // A v1 file keeps the initialisation it was made with (he-normal) instead of today's default.
  const merged = mergeConfig(defaultConfig(), migrateConfig(patch));
  const givenSpecs =
    typeof patch === 'object' &&
    patch !== null &&
    typeof (patch as { data?: unknown }).data === 'object' &&
    (patch as { data: Record<string, unknown> }).data?.taskSpecs !== undefined;
  if (!givenSpecs && Number.isInteger(merged.data?.tasks) && merged.data.tasks >= 1) {
    merged.data.taskSpecs = resizeTaskSpecs(merged.data.taskSpecs, merged.data.tasks);
  }
  const result = validateConfig(merged);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.value;
}

/** JSON has no NaN or Infinity: undefined metrics print as null. */
function finite(value: number | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  return Number.isFinite(value) ? value : null;
}

function cleanMetrics(m: TaskMetrics): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(m)) if (v !== undefined) out[k] = finite(v as number) ?? null;
  return out;
}

export interface TrainReport {
  config: LabConfig;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  tasks: {
    name: string;
    kind: string;
    test: Record<string, number | null>;
    /** Std of the output across the training inputs at step 0. */
    initialSpread: number | null;
    stl?: Record<string, number | null>;
    gain?: number | null;
  }[];
  deltaM?: number | null;
  deltaMConvention?: string;
  diverged: boolean;
  grouping?: GroupingReport;
}

export async function runTraining(
  config: LabConfig,
  steps: number,
  baseline: boolean,
  grouping?: { affinityEvery: number; groups: number },
): Promise<TrainReport> {
  await tf.setBackend('cpu');
  const dataset = generateDataset(config.data);
  const trainer = await createTrainer({
    config,
    dataset,
    options: grouping ? { affinityEvery: grouping.affinityEvery, dataMap: true } : undefined,
  });
  const started = performance.now();
  try {
    await trainer.train(steps);
    const seconds = (performance.now() - started) / 1000;
    const snap = await trainer.snapshot();
    const test = await trainer.evaluate('test');
    const report: TrainReport = {
      config,
      steps,
      seconds,
      stepsPerSecond: steps / Math.max(seconds, 1e-9),
      tasks: dataset.tasks.map((t, i) => ({
        name: t.name,
        kind: t.kind,
        test: cleanMetrics(test[i]),
        initialSpread: finite(trainer.initialSpread[i]) ?? null,
      })),
      diverged: snap.diverged,
    };
    if (grouping) report.grouping = groupingReport(trainer, grouping.groups);
    if (baseline) {
      const stl = await trainStlBaselines({ config, dataset, steps });
      const gain = deltaM(dataset.tasks, test, stl);
      report.tasks.forEach((t, i) => {
        t.stl = cleanMetrics(stl[i]);
        t.gain = finite(gain.perTask[i]) ?? null;
      });
      report.deltaM = finite(gain.deltaM) ?? null;
      report.deltaMConvention = DELTA_M_CONVENTION;
    }
    return report;
  } finally {
    trainer.dispose();
  }
}

export const trainCommand: Command = {
  name: 'train',
  summary:
    'train a config (JSON, partial over defaults) on the CPU; write test metrics and Δm as JSON',
  async run(argv) {
    const flags = parseFlags(argv, OPTIONS);
    const steps = numberFlag('steps', flags.steps, 1000);
    if (!Number.isInteger(steps) || steps < 1)
      throw new Error(`--steps must be a positive integer (got ${steps})`);
    const patch = flags.config === undefined ? {} : readJson(flags.config);
    const config = loadConfig(
      flags.init === undefined ? patch : mergeConfig(patch, { model: { init: flags.init } }),
    );
    const affinityEvery = flags.affinity === undefined ? 0 : numberFlag('affinity', flags.affinity);
    if (!Number.isInteger(affinityEvery) || affinityEvery < 0)
      throw new Error(`--affinity must be a whole number of steps (got ${affinityEvery})`);
    const groups = numberFlag('groups', flags.groups, 2);
    const report = await runTraining(
      config,
      steps,
      !flags['no-baseline'],
      affinityEvery > 0 ? { affinityEvery, groups } : undefined,
    );
    const text = `${JSON.stringify(report, null, 2)}\n`;
    if (flags.out) {
      writeFileSync(flags.out, text);
      process.stderr.write(
        `trained ${steps} steps in ${report.seconds.toFixed(1)} s; Δm = ${report.deltaM ?? 'n/a'}; wrote ${flags.out}\n`,
      );
    } else {
      process.stdout.write(text);
    }
  },
};
