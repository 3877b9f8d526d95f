/**
 * Shared-bottom (hard parameter sharing): one shared ReLU trunk, one tower per task.
 */
import type { ArchitectureDefinition } from '../../types';
import { denseSpecs, reluStack, towers, towerSpecs } from '../../towers';
import { denseStack, inputGroup, joinDrawings, towersDrawing, INPUT_GROUP } from '../../drawing';

export const sharedBottom: ArchitectureDefinition = {
  id: 'shared-bottom',
  label: 'Shared-bottom',
  summary:
    'All tasks read one shared trunk of hidden layers; each task then has its own small tower. ' +
    'The simplest form of multi-task learning (hard parameter sharing): every task gradient ' +
    'flows into the same trunk, so related tasks help each other and conflicting ones fight.',
  citation: 'Caruana, "Multitask Learning", Machine Learning 28 (1997).',
  uses: ['hidden', 'tower'],
  hiddenLabel: 'Shared hidden layers',
  activations: { hidden: 'relu', tower: 'relu', output: 'linear' },
  params(config, dims) {
    return [
      ...denseSpecs('trunk', [dims.features, ...config.hidden], [], true),
      ...towerSpecs(config, dims, config.hidden[config.hidden.length - 1]),
    ];
  },
  forward(ops, x, config) {
    // One trunk; every tower reads it.
    return towers(ops, reluStack(ops, x, 'trunk', config.hidden.length), config);
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
