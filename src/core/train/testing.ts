/**
 * Small configs, datasets and method definitions for the engine's tests and benchmarks (Node).
 */
import type { LabConfig, ModelConfig } from '../config/schema';
import { defaultConfig, defaultTaskSpec } from '../config/defaults';
import type { Dataset } from '../data/types';
import { generateDataset } from '../data/generator';
import type { MethodDefinition } from '../methods/types';

export interface SmallDataOptions {
  tasks?: number;
  features?: number;
  rho?: number;
  degree?: number;
  noise?: number;
  samples?: number;
  testFraction?: number;
  seed?: number;
}

export function smallConfig(
  data: SmallDataOptions = {},
  model: Partial<ModelConfig> = {},
  train: Partial<LabConfig['train']> = {},
): LabConfig {
  const base = defaultConfig();
  const tasks = data.tasks ?? 3;
  return {
    ...base,
    data: {
      ...base.data,
      tasks,
      features: data.features ?? 8,
      rho: data.rho ?? 0.8,
      taskSpecs: Array.from({ length: tasks }, () =>
        defaultTaskSpec(data.degree ?? 1, data.noise ?? 0.01),
      ),
      samples: data.samples ?? 1000,
      testFraction: data.testFraction ?? 0.3,
      seed: data.seed ?? 1,
    },
    model: { ...base.model, hidden: [16], tower: [8], ...model },
    train: { ...base.train, learningRate: 1e-2, batchSize: 64, ...train },
  };
}

export function datasetFor(config: LabConfig): Dataset {
  return generateDataset(config.data);
}

const ones = (n: number) => new Float64Array(n).fill(1);

/** Equal weighting, declared locally so engine tests do not depend on the method catalog. */
export const testEw: MethodDefinition = {
  id: 'test-ew',
  label: 'EW (test)',
  summary: '',
  citation: '',
  family: 'loss',
  needs: { losses: false, grads: 'none' },
  options: [],
  create: ({ tasks }) => ({
    aggregate: () => ({ weights: ones(tasks), headWeights: ones(tasks) }),
  }),
};

/**
 * A Gram-using method: weights 1/n_i (unit-norm task gradients), recording every Gram matrix it
 * receives so tests can compare it with an independent computation.
 */
export function gramRecorder(): {
  def: MethodDefinition;
  grams: Float64Array[];
  losses: Float64Array[];
} {
  const grams: Float64Array[] = [];
  const losses: Float64Array[] = [];
  const def: MethodDefinition = {
    id: 'test-gram',
    label: 'Unit-norm (test)',
    summary: '',
    citation: '',
    family: 'gradient',
    needs: { losses: true, grads: 'gram' },
    options: [],
    create: ({ tasks }) => ({
      aggregate: (input) => {
        const G = input.gram ?? new Float64Array(tasks * tasks);
        grams.push(Float64Array.from(G));
        if (input.losses) losses.push(Float64Array.from(input.losses));
        const w = Float64Array.from(
          { length: tasks },
          (_, i) => 1 / Math.max(Math.sqrt(G[i * tasks + i]), 1e-8),
        );
        return { weights: w, headWeights: ones(tasks) };
      },
    }),
  };
  return { def, grams, losses };
}
