import { SCHEMA_VERSION, type LabConfig, type TaskSpec } from './schema';

export function defaultTaskSpec(degree = 1, noise = 0.01): TaskSpec {
  return {
    degree,
    noise,
    kind: 'regression',
    classes: 3,
    positiveRate: 0.5,
    scale: 1,
    labelledFraction: 1,
  };
}

/** A small, fast default experiment: 3 tasks of mixed complexity, shared-bottom, equal weighting. */
export function defaultConfig(): LabConfig {
  return {
    version: SCHEMA_VERSION,
    data: {
      tasks: 3,
      features: 16,
      rho: 0.6,
      correlation: null,
      taskSpecs: [defaultTaskSpec(1), defaultTaskSpec(2), defaultTaskSpec(1)],
      irrelevantFeatures: 0,
      featureCorrelation: 0,
      samples: 4000,
      testFraction: 0.3,
      seed: 1,
    },
    model: {
      architecture: 'shared-bottom',
      hidden: [64, 64],
      tower: [32],
      experts: 4,
      sharedExperts: 1,
      taskExperts: 1,
      levels: 2,
      embedDim: 8,
      heads: 2,
      ffHidden: 32,
      taskMask: 'TxT',
      headInit: 'independent',
      init: 'pytorch',
      exclusivity: 'none',
      exclusivityFraction: 0.75,
      exclusivityGate: 'mask',
      exclusivitySeed: 1,
      safeGate: 'softmax',
      moeK: 2,
      moeGate: 'task',
      moeNoise: 'noisy',
      moeBalance: 0.01,
      inputsOff: [],
      featureGroups: [],
      groupWidth: 8,
    },
    train: {
      method: 'ew',
      methodOptions: {},
      lossTransform: 'none',
      procedure: 'none',
      learningRate: 1e-3,
      batchSize: 128,
      weightSeed: 1,
    },
  };
}

/** Resize the per-task settings to T tasks, keeping the existing ones and repeating the last. */
export function resizeTaskSpecs(specs: TaskSpec[], tasks: number): TaskSpec[] {
  const out = specs.slice(0, tasks);
  while (out.length < tasks) out.push({ ...(out[out.length - 1] ?? defaultTaskSpec()) });
  return out;
}
