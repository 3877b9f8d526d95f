/**
 * Per-task towers: config.tower ReLU layers then a linear output layer, stored stacked with a
 * leading T axis and evaluated with one batched matMul per layer for all tasks.
 */
import type { ModelConfig } from '../config/schema';
import type { ModelDims, ParamSpec } from './types';
import { tf } from '../tf';
import { denseLayer, reluStack, type Params } from './layers';

export function outputWidth(dims: ModelDims): number {
  return Math.max(1, ...dims.outputs);
}

/** Dense layer specs `${prefix}/${l}/kernel|bias` with stacking axes `lead` in front. */
export function denseSpecs(
  prefix: string,
  widths: number[],
  lead: number[],
  shared: boolean,
): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [i, o] = [widths[l], widths[l + 1]];
    specs.push(
      {
        name: `${prefix}/${l}/kernel`,
        shape: [...lead, i, o],
        shared,
        init: { kind: 'he' },
        fan: [i, o],
      },
      { name: `${prefix}/${l}/bias`, shape: [...lead, o], shared, init: { kind: 'zeros' } },
    );
  }
  return specs;
}

export function towerSpecs(config: ModelConfig, dims: ModelDims, inWidth: number): ParamSpec[] {
  const T = dims.tasks;
  const widths = [inWidth, ...config.tower];
  const last = widths[widths.length - 1];
  return [
    ...denseSpecs('towers', widths, [T], false),
    {
      name: 'output/kernel',
      shape: [T, last, outputWidth(dims)],
      shared: false,
      // Identical heads start with a small output layer, so predictions start near zero and each
      // task's early gradient follows its own labels (see ModelConfig.headInit).
      init:
        config.headInit === 'same'
          ? { kind: 'normal', std: 0.1 * Math.sqrt(2 / (last + outputWidth(dims))) }
          : { kind: 'glorot' },
    },
    { name: 'output/bias', shape: [T, outputWidth(dims)], shared: false, init: { kind: 'zeros' } },
  ];
}

/** h [T, B, in] (or [1, B, in], read by every tower) -> outputs [T, B, K]. */
export function applyTowers(params: Params, h: tf.Tensor, config: ModelConfig): tf.Tensor3D {
  const z = reluStack(h, params, 'towers', config.tower.length);
  return denseLayer(z, params, 'output') as tf.Tensor3D;
}
