/**
 * Shared-bottom (hard parameter sharing): one shared ReLU trunk, one tower per task.
 */
import type { ArchitectureDefinition } from './types';
import { reluStack } from './layers';
import { applyTowers, denseSpecs, towerSpecs } from './towers';
import type { tf } from '../tf';
import { denseStack, inputGroup, joinDrawings, towersDrawing, INPUT_GROUP } from './drawing';

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
  forward(params, x, config) {
    // Shared params arrive as [C, ...]; the trunk runs once per copy and every tower reads it.
    const z = reluStack(x, params, 'trunk', config.hidden.length) as tf.Tensor3D;
    return { outputs: applyTowers(params, z, config), representation: z };
  },
  drawing(config, dims) {
    const trunk = denseStack({
      prefix: 'trunk',
      widths: config.hidden,
      from: INPUT_GROUP,
      firstLayer: 1,
      slot: 0,
      kind: 'hidden',
      id: (l) => `trunk/${l}`,
      label: (l) => `shared layer ${l + 1}`,
    });
    const towers = towersDrawing(
      config,
      dims,
      Array(dims.tasks).fill(trunk.last),
      1 + config.hidden.length,
    );
    return joinDrawings({ groups: [inputGroup(dims)], edges: [] }, trunk, towers);
  },
};
