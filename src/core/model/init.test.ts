/**
 * The initialisation rule (init.ts): for every layer type and scheme the drawn values have the
 * distribution the scheme's reference defines (bounds, mean and variance within a sampling
 * tolerance derived from the count), he-normal reproduces the lab's weights before schema v2
 * exactly, and the same seed gives the same weights on every backend.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults';
import { INIT_SCHEMES, type InitScheme } from '../config/schema';
import { generateDataset } from '../data/generator';
import { setupNodeWebGPU } from '../engines/webgpu/testing/nodeWebgpu';
import { tf } from '../tf';
import { ModelState } from '../train/modelState';
import { createTrainer } from '../train/trainer';
import { initialValues } from './init';
import { createNormal, createRandom, deriveSeed } from './random';
import { architectures } from './registry';
import type { LayerKind, ParamSpec } from './types';

const wasm = await import('@tensorflow/tfjs-backend-wasm');
const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
wasm.setWasmPaths(`${join(dirname(pkg), 'dist')}/`);

const FAN_IN = 48;
const FAN_OUT = 80;
const LEAD = 4; // a stack of 4 layers: 15,360 kernel entries

type Expected =
  | { kind: 'uniform'; bound: number }
  | { kind: 'normal'; std: number }
  | { kind: 'constant'; value: number };

const U = (bound: number): Expected => ({ kind: 'uniform', bound });
const N = (std: number): Expected => ({ kind: 'normal', std });
const C = (value: number): Expected => ({ kind: 'constant', value });

/**
 * The references, written out independently of init.ts: PyTorch 2.x nn.Linear.reset_parameters
 * (kaiming_uniform a=√5 → bound 1/√fan_in; bias bound 1/√fan_in), nn.MultiheadAttention
 * (xavier_uniform on the packed [3·inner, e] in_proj, zero in_proj and out_proj biases),
 * nn.LayerNorm (1, 0), nn.Embedding N(0, 1); the lab before v2; Keras Dense, LayerNormalization
 * and Embedding (glorot_uniform, zeros, ones, U(±0.05)).
 */
const linearLike: Record<InitScheme, (layer: LayerKind) => [Expected, Expected]> = {
  pytorch: (layer) => {
    const torchLinear = U(1 / Math.sqrt(FAN_IN));
    if (layer === 'attnIn') return [U(Math.sqrt(6 / (FAN_IN + 3 * FAN_OUT))), C(0)];
    if (layer === 'attnOut') return [torchLinear, C(0)];
    return [torchLinear, torchLinear];
  },
  'he-normal': (layer) => {
    if (layer === 'hidden') return [N(Math.sqrt(2 / FAN_IN)), C(0)];
    if (layer === 'gate') return [N(0.01), C(0)];
    return [N(Math.sqrt(2 / (FAN_IN + FAN_OUT))), C(0)];
  },
  'glorot-uniform': () => [U(Math.sqrt(6 / (FAN_IN + FAN_OUT))), C(0)],
};

const TOKEN: Record<InitScheme, Expected> = {
  pytorch: N(1),
  'he-normal': N(0.5),
  'glorot-uniform': U(0.05),
};

const LINEAR_LAYERS: LayerKind[] = ['hidden', 'output', 'gate', 'linear', 'attnIn', 'attnOut'];

/** Checks the sample against the distribution with 5-sigma tolerances derived from its size. */
function expectDrawnFrom(values: Float32Array, expected: Expected): void {
  const n = values.length;
  const xs = Array.from(values);
  if (expected.kind === 'constant') {
    expect(xs.every((x) => x === expected.value)).toBe(true);
    return;
  }
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const maxAbs = Math.max(...xs.map(Math.abs));
  let sigma2: number;
  let varOfVariance: number;
  if (expected.kind === 'uniform') {
    const b = expected.bound;
    sigma2 = (b * b) / 3;
    varOfVariance = (b ** 4 * (1 / 5 - 1 / 9)) / n; // (μ4 − σ⁴) / n
    expect(maxAbs).toBeLessThanOrEqual(b * (1 + 1e-6));
    expect(maxAbs).toBeGreaterThan(b * 0.99);
  } else {
    sigma2 = expected.std ** 2;
    varOfVariance = (2 * sigma2 * sigma2) / n;
    // A normal sample of this size reaches past 3.5σ; a uniform one never does.
    expect(maxAbs).toBeGreaterThan(3.5 * expected.std);
  }
  expect(Math.abs(mean)).toBeLessThan(5 * Math.sqrt(sigma2 / n));
  expect(Math.abs(variance - sigma2)).toBeLessThan(5 * Math.sqrt(varOfVariance));
}

function spec(name: string, shape: number[], init: ParamSpec['init']): ParamSpec {
  return { name, shape, shared: true, init, fan: [FAN_IN, FAN_OUT] };
}

describe('the initialisation rule: every layer type under every scheme', () => {
  for (const scheme of INIT_SCHEMES) {
    for (const layer of LINEAR_LAYERS) {
      it(`${scheme}: ${layer} weight and bias`, () => {
        const [w, b] = linearLike[scheme](layer);
        const kernel = spec(`${layer}/kernel`, [LEAD, FAN_IN, FAN_OUT], { layer, part: 'weight' });
        const bias = spec(`${layer}/bias`, [LEAD * 40, FAN_OUT], { layer, part: 'bias' });
        expectDrawnFrom(initialValues(kernel, scheme, 7), w);
        expectDrawnFrom(initialValues(bias, scheme, 7), b);
      });
    }
    it(`${scheme}: layer norm, task tokens, cross-stitch units`, () => {
      expectDrawnFrom(
        initialValues(spec('g', [512], { layer: 'norm', part: 'weight' }), scheme, 3),
        C(1),
      );
      expectDrawnFrom(
        initialValues(spec('o', [512], { layer: 'norm', part: 'bias' }), scheme, 3),
        C(0),
      );
      expectDrawnFrom(
        initialValues(spec('tok', [200, 64], { layer: 'token' }), scheme, 3),
        TOKEN[scheme],
      );
      const stitch = initialValues(
        { name: 's', shape: [3, 3], shared: true, init: { layer: 'stitch', self: 0.9 } },
        scheme,
        3,
      );
      expect(Array.from(stitch)).toEqual(
        [0.9, 0.05, 0.05, 0.05, 0.9, 0.05, 0.05, 0.05, 0.9].map(Math.fround),
      );
    });
    it(`${scheme}: identical heads start from a tenth of the scheme's output layer`, () => {
      const [w] = linearLike[scheme]('output');
      const small: Expected =
        w.kind === 'uniform' ? U(w.bound / 10) : w.kind === 'normal' ? N(w.std / 10) : w;
      const kernel = spec('output/kernel', [LEAD, FAN_IN, FAN_OUT], {
        layer: 'output',
        part: 'weight',
        scale: 0.1,
      });
      expectDrawnFrom(initialValues(kernel, scheme, 5), small);
    });
  }

  it('he-normal draws exactly the weights the lab drew before schema v2', () => {
    const seed = 11;
    const legacy = (name: string, std: number, size: number) => {
      const normal = createNormal(createRandom(deriveSeed(seed, name)));
      return Float32Array.from({ length: size }, () => std * normal());
    };
    const config = {
      ...defaultConfig().model,
      architecture: 'mmoe' as const,
      init: 'he-normal' as const,
    };
    const specs = architectures.mmoe.params(config, { features: 16, tasks: 2, outputs: [1, 1] });
    const byName = new Map(specs.map((s) => [s.name, s]));
    const get = (name: string) => {
      const s = byName.get(name);
      if (!s) throw new Error(name);
      return initialValues(s, 'he-normal', seed);
    };
    expect(get('experts/0/kernel')).toEqual(
      legacy('experts/0/kernel', Math.sqrt(2 / 16), 4 * 16 * 64),
    );
    expect(get('gate/kernel')).toEqual(legacy('gate/kernel', 0.01, 2 * 16 * 4));
    expect(get('output/kernel')).toEqual(legacy('output/kernel', Math.sqrt(2 / 33), 2 * 32));
    expect(Array.from(get('experts/0/bias')).every((v) => v === 0)).toBe(true);
  });

  it('the same weight seed and a different scheme give a different network', () => {
    const s = spec('hidden/kernel', [FAN_IN, FAN_OUT], { layer: 'hidden', part: 'weight' });
    expect(initialValues(s, 'pytorch', 1)).not.toEqual(initialValues(s, 'he-normal', 1));
    expect(initialValues(s, 'pytorch', 1)).toEqual(initialValues(s, 'pytorch', 1));
    expect(initialValues(s, 'pytorch', 1)).not.toEqual(initialValues(s, 'pytorch', 2));
  });
});

describe('the same seed gives the same weights on every backend', () => {
  async function weightsOn(backend: string, architecture: keyof typeof architectures) {
    await tf.setBackend(backend);
    const config = { ...defaultConfig().model, architecture };
    const model = new ModelState(
      architectures[architecture],
      config,
      { features: 6, tasks: 3, outputs: [1, 1, 1] },
      9,
    );
    const values = await Promise.all(model.variables.map(async (v) => Array.from(await v.data())));
    model.dispose();
    return values;
  }

  it.each(['shared-bottom', 'mmoe', 'multitab-net'] as const)(
    '%s: cpu, wasm and webgpu',
    async (arch) => {
      const cpu = await weightsOn('cpu', arch);
      expect(await weightsOn('wasm', arch)).toEqual(cpu);
      const gpu = await setupNodeWebGPU();
      if (gpu.ok) expect(await weightsOn('webgpu', arch)).toEqual(cpu);
      await tf.setBackend('cpu');
    },
  );
});

describe('the default initialisation starts from a nearly flat function', () => {
  it('default data and shared-bottom: output std across the training inputs at step 0 < 0.1 (he-normal: > 0.3)', async () => {
    await tf.setBackend('cpu');
    const config = defaultConfig();
    const dataset = generateDataset(config.data);
    const spread = async (init: InitScheme) => {
      const trainer = await createTrainer({
        config: { ...config, model: { ...config.model, init } },
        dataset,
      });
      const s = trainer.initialSpread;
      trainer.dispose();
      return s;
    };
    const torch = await spread('pytorch');
    expect(torch).toHaveLength(3);
    for (const s of torch) expect(s).toBeLessThan(0.1);
    for (const s of await spread('he-normal')) expect(s).toBeGreaterThan(0.3);
  });
});
