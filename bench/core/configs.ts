/**
 * The reference configurations of the benchmark (ISSUE 8), as lab configs:
 *   R0 shared-bottom 32 -> 64 -> 64 (ReLU), 4 towers 64 -> 32 -> 1, batch 256, MSE, EW, Adam;
 *   R1 MMoE, 4 experts 32 -> 64 -> 64, one softmax gate per task (32 -> 4), 4 towers, PCGrad;
 *   R1-EW R1 with equal weights (no per-task gradients): R1's price of PCGrad is R1 / R1-EW;
 *   R2 R1 with 8 tasks and CAGrad.
 */
import type { LabConfig } from '../../src/core/config/schema';
import { defaultConfig, defaultTaskSpec } from '../../src/core/config/defaults';

export type ConfigId = 'R0' | 'R1' | 'R1-EW' | 'R2';
export const CONFIG_IDS: readonly ConfigId[] = ['R0', 'R1', 'R1-EW', 'R2'];

export interface ReferenceConfig {
  id: ConfigId;
  label: string;
  config: LabConfig;
}

const FEATURES = 32;
const SAMPLES = 4096;

function labConfig(
  architecture: 'shared-bottom' | 'mmoe',
  tasks: number,
  method: string,
): LabConfig {
  const base = defaultConfig();
  return {
    ...base,
    data: {
      ...base.data,
      tasks,
      features: FEATURES,
      rho: 0.5,
      taskSpecs: Array.from({ length: tasks }, (_, t) => defaultTaskSpec(1 + (t % 2), 0.05)),
      samples: SAMPLES,
      testFraction: 0.25,
      seed: 7,
    },
    model: { ...base.model, architecture, hidden: [64, 64], tower: [32], experts: 4 },
    train: { ...base.train, method, methodOptions: {}, learningRate: 1e-3, batchSize: 256 },
  };
}

export function referenceConfig(id: ConfigId): ReferenceConfig {
  switch (id) {
    case 'R0':
      return { id, label: 'shared-bottom, T=4, EW', config: labConfig('shared-bottom', 4, 'ew') };
    case 'R1':
      return { id, label: 'MMoE 4 experts, T=4, PCGrad', config: labConfig('mmoe', 4, 'pcgrad') };
    case 'R1-EW':
      return { id, label: 'MMoE 4 experts, T=4, EW', config: labConfig('mmoe', 4, 'ew') };
    case 'R2':
      return { id, label: 'MMoE 4 experts, T=8, CAGrad', config: labConfig('mmoe', 8, 'cagrad') };
  }
}
