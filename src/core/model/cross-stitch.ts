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
      const mixed = tf.matMul(
        param(params, `stitch/${l}`) as tf.Tensor3D,
        tf.reshape(h, [C, T, B * width]),
      );
      h = tf.reshape(mixed, [C, T, B, width]);
    });
    const z = ownCopies(h, T) as tf.Tensor3D;
    return { outputs: applyTowers(params, z, config), representation: z };
  },
};
