/**
 * Cross-field repair after a link's fields were read one by one: each field that breaks a rule
 * involving several fields (D >= T, rho >= -1/(T-1), a valid positive semidefinite T x T matrix)
 * falls back on its own,
 * with a message, so the decoded config always passes `validateConfig`.
 */
import { defaultConfig, resizeTaskSpecs } from '../config/defaults';
import { LIMITS, type LabConfig } from '../config/schema';
import { crossFieldErrors, similarityErrors, validateConfig } from '../config/validate';
import { minEigenvalue, similarityFromConfig } from '../data/similarity';
import { formatNumber } from './linkCodecs';

export function repairCrossFields(config: LabConfig, ignored: string[]): LabConfig {
  const defaults = defaultConfig();
  const { data } = config;
  const T = data.tasks;

  if (data.taskSpecs.length !== T) data.taskSpecs = resizeTaskSpecs(data.taskSpecs, T);

  if (data.correlation !== null) {
    const matrixErrors = crossFieldErrors(config.data).filter((e) =>
      e.startsWith('data.correlation'),
    );
    if (matrixErrors.length) {
      const first = matrixErrors[0].replace(/^data\.correlation/, 'entry');
      const more = matrixErrors.length > 1 ? ` (and ${matrixErrors.length - 1} more problems)` : '';
      ignored.push(`corr: ${first}${more}; using rho instead`);
      data.correlation = null;
    } else if (similarityErrors(data).length) {
      const smallest = minEigenvalue(similarityFromConfig(data)).toPrecision(3);
      ignored.push(
        `corr: the matrix is not positive semidefinite (smallest eigenvalue ${smallest}), so no tasks can have these similarities; using rho instead`,
      );
      data.correlation = null;
    }
  }

  if (T > 1 && data.correlation === null) {
    const lower = -1 / (T - 1);
    if (data.rho < lower - 1e-12) {
      const fallback = defaults.data.rho >= lower ? defaults.data.rho : 0;
      ignored.push(
        `rho: ${formatNumber(data.rho)} is below -1/(T-1) = ${lower.toFixed(4)}, the lowest similarity ${T} tasks can share; using ${formatNumber(fallback)}`,
      );
      data.rho = fallback;
    }
  }

  if (data.correlation === null && similarityErrors(data).length) {
    ignored.push(
      `rho: ${formatNumber(data.rho)} gives no valid similarity matrix for ${T} tasks; using ${formatNumber(defaults.data.rho)}`,
    );
    data.rho = defaults.data.rho;
  }

  if (data.features < T) {
    const fallback = Math.min(LIMITS.features.max, Math.max(defaults.data.features, T));
    ignored.push(`D: ${data.features} features are fewer than the ${T} tasks; using ${fallback}`);
    data.features = fallback;
  }

  const check = validateConfig(config);
  if (!check.ok) {
    ignored.push(`config: ${check.errors.join('; ')}; using the default experiment`);
    return defaults;
  }
  return config;
}
