/**
 * Validation at the boundary: every config that reaches the engine went through here. Messages
 * name the field and say what to change, and are shown verbatim by the UI, CLI and scripting API.
 */
import {
  minEigenvalue,
  nearestCorrelation,
  PSD_TOLERANCE,
  similarityFromConfig,
} from '../data/similarity';
import { describeIssues, formatMatrix } from './messages';
import { migrateConfig } from './migrate';
import { configSchema, type DataConfig, type LabConfig } from './schema';

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Rules that involve more than one field. Returns messages that say what to change. */
export function crossFieldErrors(data: DataConfig): string[] {
  const errors: string[] = [];
  const T = data.tasks;
  if (data.features < T) {
    errors.push(
      `data.features: needs at least as many features as tasks (D = ${data.features} < T = ${T}); raise the feature count to ${T} or use fewer tasks.`,
    );
  }
  if (T > 1 && data.correlation === null) {
    const lower = -1 / (T - 1);
    if (data.rho < lower - 1e-12) {
      errors.push(
        `data.rho: with ${T} tasks the similarity must be at least -1/(T-1) = ${lower.toFixed(4)} (got ${data.rho}); raise rho or use fewer tasks.`,
      );
    }
  }
  if (data.taskSpecs.length !== T) {
    errors.push(
      `data.taskSpecs: expected one setting per task (${T}), got ${data.taskSpecs.length}.`,
    );
  }
  if (data.correlation !== null) {
    const P = data.correlation;
    if (P.length !== T || P.some((row) => row.length !== T)) {
      errors.push(`data.correlation: must be a ${T} x ${T} matrix.`);
    } else {
      for (let i = 0; i < T; i++) {
        if (Math.abs(P[i][i] - 1) > 1e-9) errors.push(`data.correlation[${i}][${i}]: must be 1.`);
        for (let j = 0; j < i; j++) {
          if (Math.abs(P[i][j] - P[j][i]) > 1e-9) {
            errors.push(`data.correlation[${i}][${j}]: must equal [${j}][${i}] (symmetric).`);
          }
        }
      }
    }
  }
  return errors;
}

/** The PSD check on the similarity matrix, with the nearest valid matrix as the suggested fix. */
export function similarityErrors(data: DataConfig): string[] {
  const P = similarityFromConfig(data);
  const smallest = minEigenvalue(P);
  if (smallest >= -PSD_TOLERANCE) return [];
  const field = data.correlation !== null ? 'data.correlation' : 'data.rho';
  return [
    `${field}: the task-similarity matrix is not positive semidefinite (smallest eigenvalue ${smallest.toPrecision(4)}); the nearest valid matrix is ${formatMatrix(nearestCorrelation(P))}.`,
  ];
}

/** Every problem with the data part: schema ranges, cross-field rules, then positive semidefiniteness. */
export function dataErrors(data: DataConfig): string[] {
  const errors = crossFieldErrors(data);
  // The PSD test needs a well-formed T x T matrix; report shape problems first.
  return errors.length ? errors : similarityErrors(data);
}

export function validateConfig(input: unknown): Validation<LabConfig> {
  const parsed = configSchema.safeParse(migrateConfig(input));
  if (!parsed.success) return { ok: false, errors: describeIssues(parsed.error, input) };
  const errors = dataErrors(parsed.data.data);
  return errors.length ? { ok: false, errors } : { ok: true, value: parsed.data };
}

/** Deep-merge a partial config over a full one (arrays and nulls replace, objects merge). */
export function mergeConfig<T>(base: T, patch: unknown): T {
  if (patch === undefined) return base;
  if (
    patch === null ||
    typeof patch !== 'object' ||
    Array.isArray(patch) ||
    base === null ||
    typeof base !== 'object' ||
    Array.isArray(base)
  ) {
    return patch as T;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    out[key] = mergeConfig(out[key], value);
  }
  return out as T;
}

export class ConfigError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
    this.name = 'ConfigError';
  }
}
