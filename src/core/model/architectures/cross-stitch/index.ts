/**
 * Cross-stitch networks, MLP version (mtl-methods reference §4.6): T MLP columns of config.hidden;
 * after each hidden layer a learnable T x T unit mixes the columns, h_t <- sum_s a_ts h_s,
 * initialised near the identity (0.9 on the diagonal). Columns and stitch units can carry any
 * task's signal, so all of them are shared parameters; towers are per task.
 */
import type { ArchitectureDefinition, ParamSpec } from '../../types';
import { denseSpecs, towers, towerSpecs } from '../../towers';
import {
  denseEdge,
  inputGroup,
  joinDrawings,
  towersDrawing,
  INPUT_GROUP,
  type DrawnEdge,
  type DrawnGroup,
} from '../../drawing';

export const crossStitch: ArchitectureDefinition = {
  id: 'cross-stitch',
  label: 'Cross-stitch',
  summary:
    'One network per task, but after every hidden layer a small learned matrix lets each task ' +
    "mix in the other tasks' activations. Starting near 'keep your own', the network learns how " +
    'much to share at each depth.',
  citation:
    'Misra, Shrivastava, Gupta, Hebert, "Cross-stitch Networks for Multi-task Learning", CVPR 2016.',
  uses: ['hidden', 'tower'],
  activations: { hidden: 'relu', stitch: 'linear', tower: 'relu', output: 'linear' },
  params(config, dims) {
    const T = dims.tasks;
    const stitches: ParamSpec[] = config.hidden.map((_, l) => ({
      name: `stitch/${l}`,
      shape: [T, T],
      shared: true,
      init: { layer: 'stitch', self: 0.9 },
    }));
    return [
      ...denseSpecs('columns', [dims.features, ...config.hidden], [T], true),
      ...stitches,
      ...towerSpecs(config, dims, config.hidden[config.hidden.length - 1]),
    ];
  },
  forward(ops, x, config) {
    let h = x; // [B, D]: read by all T columns of the first layer
    config.hidden.forEach((_, l) => {
      h = ops.dense(h, `columns/${l}`, 'relu'); // [T, B, width], reported after the ReLU as drawn
      h = ops.stitch(h, `stitch/${l}`);
      ops.tap(`stitch/${l}`, h);
    });
    return towers(ops, ops.ownCopies(h), config);
  },
  drawing(config, dims) {
    const T = dims.tasks;
    const groups: DrawnGroup[] = [inputGroup(dims)];
    const edges: DrawnEdge[] = [];
    let streams: string[] = Array(T).fill(INPUT_GROUP);
    config.hidden.forEach((units, l) => {
      const columns = streams.map((from, t) => {
        const id = `columns/${l}/t${t}`;
        const label = `task ${t + 1} column layer ${l + 1}`;
        groups.push({
          id,
          kind: 'hidden',
          layer: 1 + 2 * l,
          task: t,
          units,
          label,
          tap: `columns/${l}`,
          slot: t,
        });
        edges.push(denseEdge(from, id, `columns/${l}`, t));
        return id;
      });
      streams = columns.map((_, t) => {
        const id = `stitch/${l}/t${t}`;
        const label = `task ${t + 1} after cross-stitch ${l + 1}`;
        groups.push({
          id,
          kind: 'hidden',
          layer: 2 + 2 * l,
          task: t,
          units,
          label,
          tap: `stitch/${l}`,
          slot: t,
        });
        // h_t <- sum_s a_ts h_s: one band from every column s, weight a_ts.
        columns.forEach((from, s) =>
          edges.push({
            from,
            to: id,
            weights: { kind: 'scalar', param: `stitch/${l}`, index: t * T + s },
          }),
        );
        return id;
      });
    });
    const towers = towersDrawing(config, dims, streams, 1 + 2 * config.hidden.length);
    return joinDrawings({ groups, edges }, towers);
  },
};
