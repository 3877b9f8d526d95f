/**
 * Validation of a generator config (`DataConfig`) at the boundary, with messages a person can act
 * on: each names the field, the value received and what to change. The schema's range rules and
 * the shared cross-field rules (config/validate.ts) come first; this file adds the check that
 * only the data side can do, positive semidefiniteness of the task-similarity matrix, together
 * with the nearest valid matrix as a suggested fix.
 */
import type { z } from 'zod';
import { defaultConfig } from '../config/defaults';
import { dataSchema, type DataConfig } from '../config/schema';
import { ConfigError, crossFieldErrors } from '../config/validate';
import {
  minEigenvalue,
  nearestCorrelation,
  PSD_TOLERANCE,
  similarityFromConfig,
} from './similarity';

/** Plain-language names of the fields, shown next to the path. */
const FIELD_LABELS: Record<string, string> = {
  tasks: 'number of tasks T',
  features: 'number of features D',
  rho: 'task similarity rho',
  samples: 'number of samples N',
  testFraction: 'test fraction',
  seed: 'seed',
  degree: 'polynomial degree',
  noise: 'noise standard deviation sigma',
  classes: 'number of classes',
  positiveRate: 'positive rate',
  scale: 'label scale',
  labelledFraction: 'labelled fraction',
  irrelevantFeatures: 'irrelevant features',
  featureCorrelation: 'feature correlation',
};

function formatPath(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = `data.${formatPath(issue.path)}`;
  const last = issue.path[issue.path.length - 1];
  const label = typeof last === 'string' && FIELD_LABELS[last] ? ` (${FIELD_LABELS[last]})` : '';
  const value = valueAt(input, issue.path);
  const got = value === undefined ? 'nothing' : JSON.stringify(value);
  const where = `${path}${label}`;
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `${where}: must be at least ${String(issue.minimum)} (got ${got}); raise it to ${String(issue.minimum)} or more.`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return `${where}: must be at most ${String(issue.maximum)} (got ${got}); lower it to ${String(issue.maximum)} or less.`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'int') {
    return `${where}: must be a whole number (got ${got}).`;
  }
  if (issue.code === 'invalid_type') {
    return `${where}: expected a ${issue.expected} (got ${got}).`;
  }
  if (issue.code === 'invalid_value') {
    return `${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${got}).`;
  }
  return `${where}: ${issue.message}`;
}

function formatMatrix(P: number[][], digits = 3): string {
  return `[${P.map((row) => `[${row.map((v) => Number(v.toFixed(digits))).join(', ')}]`).join(', ')}]`;
}

/** Cross-field rules shared with the whole config (D >= T, rho range, one spec per task, P shape). */
function sharedCrossFieldErrors(data: DataConfig): string[] {
  return crossFieldErrors({ ...defaultConfig(), data });
}

/**
 * When P (from rho or the full matrix) is not positive semidefinite, the nearest valid
 * correlation matrix in Frobenius norm; null when P is valid or malformed in another way.
 * For the UI's "use the nearest valid matrix" button.
 */
export function suggestSimilarity(data: DataConfig): number[][] | null {
  const P = similarityFromConfig(data);
  if (P.length !== data.tasks || P.some((row) => row.length !== data.tasks)) return null;
  if (minEigenvalue(P) >= -PSD_TOLERANCE) return null;
  return nearestCorrelation(P);
}

function psdErrors(data: DataConfig): string[] {
  const P = similarityFromConfig(data);
  const smallest = minEigenvalue(P);
  if (smallest >= -PSD_TOLERANCE) return [];
  const field = data.correlation !== null ? 'data.correlation' : 'data.rho';
  const nearest = nearestCorrelation(P);
  return [
    `${field}: the task-similarity matrix is not positive semidefinite (smallest eigenvalue ${smallest.toPrecision(4)}); the nearest valid matrix is ${formatMatrix(nearest)}.`,
  ];
}

/**
 * All problems with a generator config, as messages that say what to change; [] when valid.
 * Accepts unknown input (JSON files, URL state) and applies the schema's defaults.
 */
export function validateDataConfig(data: unknown): string[] {
  const parsed = dataSchema.safeParse(data);
  if (!parsed.success) return parsed.error.issues.map((issue) => describeIssue(issue, data));
  const errors = sharedCrossFieldErrors(parsed.data);
  // The PSD test needs a well-formed T x T matrix; report shape problems first.
  return errors.length ? errors : psdErrors(parsed.data);
}

/** The config with schema defaults applied, or a ConfigError listing every problem. */
export function parseDataConfig(data: unknown): DataConfig {
  const errors = validateDataConfig(data);
  if (errors.length) throw new ConfigError(errors);
  return dataSchema.parse(data);
}
