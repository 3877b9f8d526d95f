/**
 * Single-task learning: T independent networks (hidden layers, tower, output), nothing shared.
 * The baseline for the multi-task gain Δm.
 */
import type { ArchitectureDefinition } from '../../types';
import { denseStack, inputGroup, joinDrawings, towersDrawing, INPUT_GROUP } from '../../drawing';
import { denseSpecs, reluStack, towers, towerSpecs } from '../../towers';

export const stl: ArchitectureDefinition = {
  id: 'stl',
  label: 'Single-task (STL)',
  summary:
    'One separate network per task with the same hidden and tower sizes as shared-bottom, and ' +
    'no parameter shared. Tasks cannot help or hurt each other; multi-task models are measured ' +
    'against it (Δm).',
  citation: 'The standard single-task baseline (e.g. Vandenhende et al., TPAMI 2021).',
  uses: ['hidden', 'tower'],
  activations: { hidden: 'relu', tower: 'relu', output: 'linear' },
  params(config, dims) {
    return [
      ...denseSpecs('columns', [dims.features, ...config.hidden], [dims.tasks], false),
      ...towerSpecs(config, dims, config.hidden[config.hidden.length - 1]),
    ];
  },
  forward(ops, x, config) {
    return towers(ops, reluStack(ops, x, 'columns', config.hidden.length), config);
  },
  drawing(config, dims) {
    const columns = Array.from({ length: dims.tasks }, (_, t) =>
      denseStack({
        prefix: 'columns',
        widths: config.hidden,
        from: INPUT_GROUP,
        firstLayer: 1,
        slot: t,
        kind: 'hidden',
        task: t,
        id: (l) => `columns/${l}/t${t}`,
        label: (l) => `task ${t + 1} layer ${l + 1}`,
      }),
    );
    const towers = towersDrawing(
      config,
      dims,
      columns.map((c) => c.last),
      1 + config.hidden.length,
    );
    return joinDrawings({ groups: [inputGroup(dims)], edges: [] }, ...columns, towers);
  },
};
