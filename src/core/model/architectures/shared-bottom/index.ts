/**
 * Shared-bottom (hard parameter sharing): one shared ReLU trunk, one tower per task. With feature
 * groups (featureGroups.ts) the trunk reads the groups' encodings.
 */
import type { ArchitectureDefinition } from '../../types';
import { denseSpecs, reluStack, towers, towerSpecs } from '../../towers';
import { denseStack, inputGroup, joinDrawings, towersDrawing, INPUT_GROUP } from '../../drawing';
import {
  encodeFeatureGroups,
  encodingsDrawing,
  featureGroupSpecs,
  groupLayers,
  inputWidth,
} from '../../featureGroups';

export const sharedBottom: ArchitectureDefinition = {
  id: 'shared-bottom',
  label: 'Shared-bottom',
  summary:
    'All tasks read one shared trunk of hidden layers; each task then has its own small tower. ' +
    'The simplest form of multi-task learning (hard parameter sharing): every task gradient ' +
    'flows into the same trunk, so related tasks help each other and conflicting ones fight.',
  citation: 'Caruana, "Multitask Learning", Machine Learning 28 (1997).',
  uses: ['hidden', 'tower', 'featureGroups', 'groupWidth'],
  hiddenLabel: 'Shared hidden layers',
  activations: { hidden: 'relu', tower: 'relu', output: 'linear' },
  params(config, dims) {
    return [
      ...featureGroupSpecs(config),
      ...denseSpecs('trunk', [inputWidth(config, dims), ...config.hidden], [], true),
      ...towerSpecs(config, dims, config.hidden[config.hidden.length - 1]),
    ];
  },
  forward(ops, x, config, dims) {
    // One trunk; every tower reads it.
    const bottom = encodeFeatureGroups(ops, x, config, dims);
    return towers(ops, reluStack(ops, bottom, 'trunk', config.hidden.length), config);
  },
  drawing(config, dims) {
    const encodings = encodingsDrawing(config, dims);
    const lift = groupLayers(config);
    const trunk = denseStack({
      prefix: 'trunk',
      widths: config.hidden,
      from: encodings?.id ?? INPUT_GROUP,
      firstLayer: 1 + lift,
      slot: 0,
      kind: 'hidden',
      id: (l) => `trunk/${l}`,
      label: (l) => `shared layer ${l + 1}`,
    });
    const towers = towersDrawing(
      config,
      dims,
      Array(dims.tasks).fill(trunk.last),
      1 + lift + config.hidden.length,
    );
    const bottom = [inputGroup(dims), ...(encodings ? [encodings] : [])];
    return joinDrawings({ groups: bottom, edges: [] }, trunk, towers);
  },
};
