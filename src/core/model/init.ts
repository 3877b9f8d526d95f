/**
 * Initial parameter values: the one rule that turns (layer type, shape, scheme, seed) into
 * numbers. Every architecture describes its parameters by layer type (ParamSpec.init), never by
 * distribution, so each scheme holds for all of them, present and future.
 *
 * Schemes (config.model.init):
 *   pytorch         each layer as its PyTorch module is by default. nn.Linear (hidden, output,
 *                   gate, MultiTab-Net's embedding and FFN layers): weight and bias
 *                   U(±1/√fan_in) (kaiming_uniform with a = √5, and the bias rule of
 *                   nn.Linear.reset_parameters). nn.MultiheadAttention: the packed in_proj
 *                   [3·inner, e] xavier_uniform, so bound √(6 / (e + 3·inner)), zero bias;
 *                   out_proj keeps nn.Linear's weight rule, zero bias. nn.LayerNorm: 1 and 0.
 *                   nn.Embedding (task tokens): N(0, 1).
 *   he-normal       the lab's scheme before schema v2: He-normal N(0, 2/fan_in) for ReLU layers,
 *                   Glorot-normal for output layers and MultiTab-Net's projections, N(0, 0.01²)
 *                   for gates, N(0, 0.5²) task tokens, zero biases.
 *   glorot-uniform  the Keras/tfjs default: every kernel U(±√(6 / (fan_in + fan_out))), zero
 *                   biases, Keras Embedding U(±0.05) tokens.
 * Cross-stitch units start near the identity and layer norms at (1, 0) under every scheme.
 *
 * Values are computed in JS from a seeded generator, so a weight seed gives the same network on
 * every backend and machine. Each parameter draws from its own stream derived from its name, so
 * adding a parameter does not change the others.
 */
import type { InitScheme } from '../config/schema';
import type { InitDistribution } from '../io/modelMeta';
import type { Init, ParamSpec } from './types';
import { createNormal, createRandom, deriveSeed } from './random';

/**
 * The distribution one parameter's entries are drawn from (stitch: `self` on the diagonal,
 * `(1 - self) / (T - 1)` off it). Model files carry it per layer for the PyTorch export.
 */
export type Distribution = InitDistribution;

/** One sentence per scheme, for the Model panel, the CLI help and exports. */
export const INIT_EXPLANATIONS: Record<InitScheme, string> = {
  pytorch:
    'Each layer as PyTorch does by default: Linear weights and biases uniform in ±1/√fan-in, so the untrained network is nearly flat (as in LibMTL and most published MTL code).',
  'he-normal':
    'The lab before v2: He-normal hidden layers (std √(2/fan-in)), zero biases; about 2.5× larger per layer, so the untrained network already varies a lot across inputs.',
  'glorot-uniform':
    'The Keras / TensorFlow.js default: kernels uniform in ±√(6/(fan-in + fan-out)), zero biases.',
};

/** Fan-in and fan-out: ParamSpec.fan, or the last two axes of the shape. */
export function fans(spec: Pick<ParamSpec, 'shape' | 'fan'>): [number, number] {
  if (spec.fan) return spec.fan;
  const s = spec.shape;
  if (s.length >= 2) return [s[s.length - 2], s[s.length - 1]];
  return [s[0] ?? 1, s[0] ?? 1];
}

type LinearInit = Extract<Init, { part: string }>;

const zero: Distribution = { kind: 'constant', value: 0 };

function weightRule(
  init: LinearInit,
  scheme: InitScheme,
  fanIn: number,
  fanOut: number,
): Distribution {
  const glorotBound = Math.sqrt(6 / (fanIn + fanOut));
  const glorotStd = Math.sqrt(2 / (fanIn + fanOut));
  switch (scheme) {
    case 'pytorch':
      if (init.layer === 'attnIn')
        return { kind: 'uniform', bound: Math.sqrt(6 / (fanIn + 3 * fanOut)) };
      return { kind: 'uniform', bound: 1 / Math.sqrt(fanIn) };
    case 'he-normal':
      if (init.layer === 'hidden') return { kind: 'normal', std: Math.sqrt(2 / fanIn) };
      if (init.layer === 'gate') return { kind: 'normal', std: 0.01 };
      return { kind: 'normal', std: glorotStd };
    case 'glorot-uniform':
      return { kind: 'uniform', bound: glorotBound };
  }
}

function biasRule(init: LinearInit, scheme: InitScheme, fanIn: number): Distribution {
  if (scheme !== 'pytorch' || init.layer === 'attnIn' || init.layer === 'attnOut') return zero;
  return { kind: 'uniform', bound: 1 / Math.sqrt(fanIn) };
}

function scaled(d: Distribution, scale: number | undefined): Distribution {
  if (scale === undefined || scale === 1) return d;
  if (d.kind === 'uniform') return { kind: 'uniform', bound: scale * d.bound };
  if (d.kind === 'normal') return { kind: 'normal', std: scale * d.std };
  if (d.kind === 'constant') return { kind: 'constant', value: scale * d.value };
  return d;
}

/** The distribution of one parameter under a scheme: the rule per layer type, written once. */
export function initDistribution(
  spec: Pick<ParamSpec, 'init' | 'shape' | 'fan'>,
  scheme: InitScheme,
): Distribution {
  const init = spec.init;
  if (init.layer === 'stitch') return { kind: 'stitch', self: init.self };
  if (init.layer === 'constant') return { kind: 'constant', value: init.value };
  if (init.layer === 'norm') return { kind: 'constant', value: init.part === 'weight' ? 1 : 0 };
  if (init.layer === 'token') {
    if (scheme === 'pytorch') return { kind: 'normal', std: 1 };
    if (scheme === 'he-normal') return { kind: 'normal', std: 0.5 };
    return { kind: 'uniform', bound: 0.05 };
  }
  const [fanIn, fanOut] = fans(spec);
  const rule =
    init.part === 'weight'
      ? weightRule(init, scheme, fanIn, fanOut)
      : biasRule(init, scheme, fanIn);
  return scaled(rule, init.scale);
}

/** Mean and variance of a distribution's entries (the stitch pattern has none). */
export function distributionMoments(d: Distribution): { mean: number; variance: number } | null {
  if (d.kind === 'uniform') return { mean: 0, variance: (d.bound * d.bound) / 3 };
  if (d.kind === 'normal') return { mean: 0, variance: d.std * d.std };
  if (d.kind === 'constant') return { mean: d.value, variance: 0 };
  return null;
}

function draw(d: Distribution, shape: number[], stream: number): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  switch (d.kind) {
    case 'constant':
      return d.value === 0 ? out : out.fill(d.value);
    case 'stitch': {
      const T = shape[shape.length - 1];
      const off = T > 1 ? (1 - d.self) / (T - 1) : 0;
      for (let i = 0; i < size; i++) {
        const col = i % T;
        const row = Math.floor(i / T) % T;
        out[i] = T === 1 ? 1 : row === col ? d.self : off;
      }
      return out;
    }
    case 'normal': {
      const normal = createNormal(createRandom(stream));
      for (let i = 0; i < size; i++) out[i] = d.std * normal();
      return out;
    }
    case 'uniform': {
      const rand = createRandom(stream);
      for (let i = 0; i < size; i++) out[i] = d.bound * (2 * rand() - 1);
      return out;
    }
  }
}

/**
 * Initial values of one parameter: a pure function of the spec (name, shape, layer type), the
 * scheme and the weight seed. With `sameForEveryTask`, a task-specific parameter (leading T axis)
 * gets task 0's draw in every task slice.
 */
export function initialValues(
  spec: ParamSpec,
  scheme: InitScheme,
  weightSeed: number,
  sameForEveryTask = false,
): Float32Array {
  if (sameForEveryTask && !spec.shared && spec.shape[0] > 1) {
    const [T, ...rest] = spec.shape;
    const one = initialValues({ ...spec, shape: [1, ...rest] }, scheme, weightSeed);
    const out = new Float32Array(one.length * T);
    for (let t = 0; t < T; t++) out.set(one, t * one.length);
    return out;
  }
  return draw(initDistribution(spec, scheme), spec.shape, deriveSeed(weightSeed, spec.name));
}
