/**
 * The NAIVE baseline's network, written the ordinary TensorFlow.js way: one tf.variable per
 * kernel and bias, one Dense (matMul + add + relu) per layer, every expert, gate and tower its own
 * small layer stack, MSE through tf.losses. Same shapes as the lab's reference configurations.
 */
import { tf } from '../../src/core/tf';
import type { LabConfig } from '../../src/core/config/schema';
import { createRandom } from '../../src/core/model/random';
import { tidyKeep } from '../../src/core/train/tidy';

export interface Dense {
  kernel: tf.Variable;
  bias: tf.Variable;
}

export interface NaiveNet {
  shared: Dense[][];
  /** Per task: its gate (MMoE only) and tower layers. */
  gates: Dense[];
  towers: Dense[][];
  tasks: number;
  mmoe: boolean;
}

function dense(inW: number, outW: number, name: string, random: () => number): Dense {
  const scale = Math.sqrt(2 / inW);
  const values = Float32Array.from({ length: inW * outW }, () => (random() * 2 - 1) * scale);
  return {
    kernel: tf.variable(tf.tensor2d(values, [inW, outW]), true, `${name}/kernel`),
    bias: tf.variable(tf.zeros([outW]), true, `${name}/bias`),
  };
}

function stack(widths: number[], name: string, random: () => number): Dense[] {
  return widths.slice(1).map((w, l) => dense(widths[l], w, `${name}/${l}`, random));
}

let netCount = 0;

export function createNaiveNet(config: LabConfig): NaiveNet {
  const random = createRandom(config.train.weightSeed);
  const T = config.data.tasks;
  const D = config.data.features;
  const mmoe = config.model.architecture === 'mmoe';
  const E = mmoe ? config.model.experts : 1;
  const hidden = config.model.hidden;
  const top = hidden[hidden.length - 1];
  const id = `naive${netCount++}`;
  return tidyKeep(() => ({
    shared: Array.from({ length: E }, (_, e) => stack([D, ...hidden], `${id}/expert${e}`, random)),
    gates: mmoe ? Array.from({ length: T }, (_, t) => dense(D, E, `${id}/gate${t}`, random)) : [],
    towers: Array.from({ length: T }, (_, t) =>
      stack([top, ...config.model.tower, 1], `${id}/tower${t}`, random),
    ),
    tasks: T,
    mmoe,
  }));
}

function apply(layers: Dense[], x: tf.Tensor2D, lastLinear: boolean): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, l) => {
    const z = tf.add(tf.matMul(h, layer.kernel), layer.bias) as tf.Tensor2D;
    h = lastLinear && l === layers.length - 1 ? z : tf.relu(z);
  });
  return h;
}

export const variablesOf = (layers: Dense[]): tf.Variable[] =>
  layers.flatMap((d) => [d.kernel, d.bias]);

export function sharedVariables(net: NaiveNet): tf.Variable[] {
  return net.shared.flatMap(variablesOf);
}

export function taskVariables(net: NaiveNet, t: number): tf.Variable[] {
  return [...(net.mmoe ? variablesOf([net.gates[t]]) : []), ...variablesOf(net.towers[t])];
}

export function allVariables(net: NaiveNet): tf.Variable[] {
  return [
    ...sharedVariables(net),
    ...Array.from({ length: net.tasks }, (_, t) => taskVariables(net, t)).flat(),
  ];
}

/** The shared representation each task's tower reads (the trunk, or its gated mix of experts). */
export function representations(net: NaiveNet, x: tf.Tensor2D): tf.Tensor2D[] {
  const experts = net.shared.map((layers) => apply(layers, x, false));
  if (!net.mmoe) return Array.from({ length: net.tasks }, () => experts[0]);
  const stacked = tf.stack(experts, 1); // [B, E, H]
  return net.gates.map((gate) => {
    const g = tf.softmax(tf.add(tf.matMul(x, gate.kernel), gate.bias)); // [B, E]
    return tf.squeeze(tf.matMul(tf.expandDims(g, 1), stacked), [1]) as tf.Tensor2D;
  });
}

/** Mean-squared error of task t's tower on the batch. */
export function taskLoss(net: NaiveNet, rep: tf.Tensor2D, y: tf.Tensor2D, t: number): tf.Scalar {
  const pred = apply(net.towers[t], rep, true);
  const label = tf.slice(y, [0, t], [-1, 1]);
  return tf.losses.meanSquaredError(label, pred) as tf.Scalar;
}

export function disposeNaiveNet(net: NaiveNet): void {
  tf.dispose(allVariables(net));
}
