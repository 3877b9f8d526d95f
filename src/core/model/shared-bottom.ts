/**
 * Shared-bottom (hard parameter sharing): one shared ReLU trunk, one tower per task.
 */
import type { ArchitectureDefinition } from './types';
import { alignLead, reluStack } from './layers';
import { applyTowers, denseSpecs, towerSpecs } from './towers';
import type { tf } from '../tf';

export const sharedBottom: ArchitectureDefinition = {
  id: 'shared-bottom',
  label: 'Shared-bottom',
  summary:
    'All tasks read one shared trunk of hidden layers; each task then has its own small tower. ' +
    'The simplest form of multi-task learning (hard parameter sharing): every task gradient ' +
    'flows into the same trunk, so related tasks help each other and conflicting ones fight.',
  citation: 'Caruana, "Multitask Learning", Machine Learning 28 (1997).',
  uses: ['hidden', 'tower'],
  params(config, dims) {
    return [
      ...denseSpecs('trunk', [dims.features, ...config.hidden], [], true),
      ...towerSpecs(config, dims, config.hidden[config.hidden.length - 1]),
    ];
  },
  forward(params, x, config, dims) {
    // Shared params arrive as [C, ...]; the trunk runs once per copy.
    const trunk = reluStack(x, params, 'trunk', config.hidden.length);
    const z = alignLead(trunk as tf.Tensor3D, dims.tasks);
    return { outputs: applyTowers(params, z, config), representation: z };
  },
};
