/**
 * Cross-stitch networks, MLP version (mtl-methods reference §4.6): T MLP columns of config.hidden;
 * after each hidden layer a learnable T x T unit mixes the columns, h_t <- sum_s a_ts h_s,
 * initialised near the identity (0.9 on the diagonal). Columns and stitch units can carry any
 * task's signal, so all of them are shared parameters; towers are per task.
 */
import { tf } from '../tf';
import type { ArchitectureDefinition, ParamSpec } from './types';
import { denseLayer, ownCopies, param } from './layers';
import { applyTowers, denseSpecs, towerSpecs } from './towers';
import { tap } from './activationTap';
import {
  denseEdge,
  inputGroup,
  joinDrawings,
  towersDrawing,
  INPUT_GROUP,
  type DrawnEdge,
  type DrawnGroup,
} from './drawing';

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
  forward(params, x, config, dims) {
    const T = dims.tasks;
    const [C, B] = x.shape;
    let h: tf.Tensor = x; // [C, B, D]: read by all T columns of the first layer
    config.hidden.forEach((width, l) => {
      h = tf.relu(denseLayer(h, params, `columns/${l}`));
      tap(params, `columns/${l}`, h); // after the ReLU, as drawn
      const mixed = tf.matMul(
        param(params, `stitch/${l}`) as tf.Tensor3D,
        tf.reshape(h, [C, T, B * width]),
      );
      h = tf.reshape(mixed, [C, T, B, width]);
      tap(params, `stitch/${l}`, h);
    });
    const z = ownCopies(h, T) as tf.Tensor3D;
    return { outputs: applyTowers(params, z, config), representation: z };
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
