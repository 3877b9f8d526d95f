/** A small generator config for tests, overridable field by field. */
import { defaultTaskSpec } from '../config/defaults';
import type { DataConfig, TaskSpec } from '../config/schema';

export function testConfig(
  overrides: Partial<DataConfig> = {},
  specs?: Partial<TaskSpec>[],
): DataConfig {
  const tasks = overrides.tasks ?? specs?.length ?? 3;
  const taskSpecs = Array.from({ length: tasks }, (_, t) => ({
    ...defaultTaskSpec(1 + (t % 3)),
    ...specs?.[t],
  }));
  return {
    tasks,
    features: 8,
    rho: 0.5,
    correlation: null,
    taskSpecs,
    irrelevantFeatures: 0,
    featureCorrelation: 0,
    samples: 2000,
    testFraction: 0.3,
    seed: 1,
    ...overrides,
  };
}
