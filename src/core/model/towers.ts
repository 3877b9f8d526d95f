/**
 * Per-task towers: config.tower ReLU layers then a linear output layer, stored stacked with a
 * leading T axis and evaluated as one stacked dense layer per layer for all tasks.
 */
import type { ModelConfig } from '../config/schema';
import type { LayerKind, ModelDims, ParamSpec } from './types';
import type { Ops } from './ops';

export function outputWidth(dims: ModelDims): number {
  return Math.max(1, ...dims.outputs);
}

/** Dense layer specs `${prefix}/${l}/kernel|bias` with stacking axes `lead` in front. */
export function denseSpecs(
  prefix: string,
  widths: number[],
  lead: number[],
  shared: boolean,
  layer: LayerKind = 'hidden',
): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    specs.push(...linearSpecs(`${prefix}/${l}`, widths[l], widths[l + 1], lead, shared, layer));
  }
  return specs;
}

/** `${name}/kernel` [...lead, in, out] and `${name}/bias` [...lead, out] of one layer type. */
export function linearSpecs(
  name: string,
  inW: number,
  outW: number,
  lead: number[],
  shared: boolean,
  layer: LayerKind,
  scale?: number,
): ParamSpec[] {
  const fan: [number, number] = [inW, outW];
  const extra = scale === undefined ? {} : { scale };
  return [
    {
      name: `${name}/kernel`,
      shape: [...lead, inW, outW],
      shared,
      init: { layer, part: 'weight', ...extra },
      fan,
    },
    {
      name: `${name}/bias`,
      shape: [...lead, outW],
      shared,
      init: { layer, part: 'bias', ...extra },
      fan,
    },
  ];
}

export function towerSpecs(config: ModelConfig, dims: ModelDims, inWidth: number): ParamSpec[] {
  const T = dims.tasks;
  const widths = [inWidth, ...config.tower];
  const last = widths[widths.length - 1];
  // Identical heads start with a small output layer (a tenth of the scheme's draw), so
  // predictions start near zero and each task's early gradient follows its own labels (see
  // ModelConfig.headInit).
  const scale = config.headInit === 'same' ? 0.1 : undefined;
  return [
    ...denseSpecs('towers', widths, [T], false),
    ...linearSpecs('output', last, outputWidth(dims), [T], false, 'output', scale),
  ];
}

/** A stack of ReLU layers `${prefix}/${l}/kernel|bias`, l = 0..layers-1. */
export function reluStack<V>(ops: Ops<V>, h: V, prefix: string, layers: number): V {
  let out = h;
  for (let l = 0; l < layers; l++) out = ops.dense(out, `${prefix}/${l}`, 'relu');
  return out;
}

/**
 * The towers on their input z [T, B, in] (or [1, B, in], read by every tower) -> outputs
 * [T, B, K]; z is marked as the representation.
 */
export function towers<V>(ops: Ops<V>, z: V, config: ModelConfig): V {
  ops.representation(z);
  return ops.dense(reluStack(ops, z, 'towers', config.tower.length), 'output');
}
