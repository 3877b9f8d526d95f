/**
 * The config of one compared run: the experiment's config with the run's architecture, init, method and
 * method options put over it. Every run keeps the experiment's data and weight seed, so runs of
 * the same architecture start from identical weights (and different architectures from the same
 * seed).
 */
import type { LabConfig } from './schema';
import { validateConfig } from './validate';
import type { RunSpec } from '../io';
import { findMethod } from '../methods/registry';

export type RunConfigResult = { ok: true; config: LabConfig } | { ok: false; message: string };

export function runConfig(base: LabConfig, run: RunSpec): RunConfigResult {
  const config = structuredClone(base);
  if (run.architecture !== undefined) config.model.architecture = run.architecture;
  if (run.init !== undefined) config.model.init = run.init;
  if (run.method !== undefined) {
    if (!findMethod(run.method)) {
      return { ok: false, message: `run "${run.label}": unknown method "${run.method}"` };
    }
    config.train.method = run.method;
    config.train.methodOptions = { ...(run.methodOptions ?? {}) };
    // A run's own method runs plainly: the experiment's loss transform and training procedure
    // (and their options, reset above) stay with the experiment's method.
    config.train.lossTransform = 'none';
    config.train.procedure = 'none';
  } else if (run.methodOptions !== undefined) {
    config.train.methodOptions = { ...config.train.methodOptions, ...run.methodOptions };
  }
  const checked = validateConfig(config);
  if (!checked.ok) return { ok: false, message: `run "${run.label}": ${checked.errors.join(' ')}` };
  return { ok: true, config: checked.value };
}

/** Resolves every run or throws one message naming the runs that cannot start. */
export function runConfigs(base: LabConfig, runs: readonly RunSpec[]): LabConfig[] {
  const results = runs.map((run) => runConfig(base, run));
  const problems = results.flatMap((r) => (r.ok ? [] : [r.message]));
  if (problems.length) throw new Error(problems.join('; '));
  return results.map((r) => (r.ok ? r.config : base));
}
