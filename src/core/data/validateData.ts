/**
 * Validation of a generator config (`DataConfig`) at the boundary, with messages a person can act
 * on: each names the field, the value received and what to change. The schema's range rules and
 * the shared cross-field rules (config/validate.ts) come first; this file adds the check that
 * only the data side can do, positive semidefiniteness of the task-similarity matrix, together
 * with the nearest valid matrix as a suggested fix.
 */
import { dataSchema, type DataConfig } from '../config/schema';
import { describeIssues } from '../config/messages';
import { ConfigError, dataErrors } from '../config/validate';
import {
  minEigenvalue,
  nearestCorrelation,
  PSD_TOLERANCE,
  similarityFromConfig,
} from './similarity';

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

/**
 * All problems with a generator config, as messages that say what to change; [] when valid.
 * Accepts unknown input (JSON files, URL state) and applies the schema's defaults.
 */
export function validateDataConfig(data: unknown): string[] {
  const parsed = dataSchema.safeParse(data);
  if (!parsed.success) return describeIssues(parsed.error, data, 'data');
  return dataErrors(parsed.data);
}

/** The config with schema defaults applied, or a ConfigError listing every problem. */
export function parseDataConfig(data: unknown): DataConfig {
  const errors = validateDataConfig(data);
  if (errors.length) throw new ConfigError(errors);
  return dataSchema.parse(data);
}
