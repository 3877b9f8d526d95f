/**
 * Issue 7's portability check: an exported safetensors file must be enough, on its own, to rebuild
 * the network. This test reads the file with its own minimal safetensors reader (not the lab's),
 * rebuilds shared-bottom and MMoE forward passes in plain float64 JavaScript from the metadata
 * alone (layer names and shapes, activations, task kinds, feature standardisation), and compares
 * with the lab's predictions.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { defaultConfig, defaultTaskSpec } from '../config/defaults';
import type { LabConfig } from '../config/schema';
import { generateDataset } from '../data/generator';
import { exportSafetensors } from '../io';
import { tf } from '../tf';
import { createTrainer } from '../train/trainer';
import { trainerModelFile } from './modelFile';

interface Tensor {
  shape: number[];
  values: Float32Array;
}
interface Meta {
  config: LabConfig;
  tasks: { name: string; kind: string; outputs: number }[];
  featureMean: number[];
  featureStd: number[];
  activations: Record<string, string>;
  layers: { name: string; shape: number[] }[];
}

/** The safetensors layout, read by hand: u64 header length, JSON header, raw little-endian data. */
function readSafetensors(bytes: Uint8Array): { meta: Meta; tensors: Map<string, Tensor> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, Tensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets } = entry as {
      dtype: string;
      shape: number[];
      data_offsets: [number, number];
    };
    expect(dtype).toBe('F32');
    const raw = bytes.slice(dataStart + data_offsets[0], dataStart + data_offsets[1]);
    tensors.set(name, { shape, values: new Float32Array(raw.buffer) });
  }
  const meta = JSON.parse((header.__metadata__ as Record<string, string>).mtl_lab) as Meta;
  return { meta, tensors };
}

type Vec = number[];

/** x · W[lead] + b[lead] for a kernel stored as [...lead, in, out]. */
function dense(x: Vec, w: Tensor, b: Tensor, lead = 0): Vec {
  const [inDim, outDim] = w.shape.slice(-2);
  const out: Vec = [];
  for (let o = 0; o < outDim; o++) {
    let s = b.values[lead * outDim + o];
    for (let i = 0; i < inDim; i++) s += x[i] * w.values[lead * inDim * outDim + i * outDim + o];
    out.push(s);
  }
  return out;
}

const relu = (v: Vec) => v.map((a) => Math.max(0, a));
const softmax = (v: Vec) => {
  const m = Math.max(...v);
  const e = v.map((a) => Math.exp(a - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((a) => a / s);
};

/** Layers `${prefix}/0..`, ReLU after each; `lead` picks a slice of stacked kernels. */
function mlp(x: Vec, t: Map<string, Tensor>, prefix: string, lead = 0): Vec {
  let h = x;
  for (let l = 0; t.has(`${prefix}/${l}/kernel`); l++) {
    h = relu(dense(h, t.get(`${prefix}/${l}/kernel`)!, t.get(`${prefix}/${l}/bias`)!, lead));
  }
  return h;
}

/** One row's predictions in label units, from the file's description and tensors only. */
function predictRow(raw: Vec, meta: Meta, t: Map<string, Tensor>): Vec {
  const x = raw.map((v, i) => (v - meta.featureMean[i]) / meta.featureStd[i]);
  const arch = meta.config.model.architecture;
  return meta.tasks.map((task, k) => {
    let z: Vec;
    if (arch === 'shared-bottom') {
      z = mlp(x, t, 'trunk');
    } else if (arch === 'mmoe') {
      const experts = Array.from({ length: meta.config.model.experts }, (_, e) =>
        mlp(x, t, 'experts', e),
      );
      const gate = softmax(dense(x, t.get('gate/kernel')!, t.get('gate/bias')!, k));
      z = experts[0].map((_, j) => experts.reduce((s, ex, e) => s + gate[e] * ex[j], 0));
    } else {
      throw new Error(`no reference forward for ${arch}`);
    }
    const h = mlp(z, t, 'towers', k);
    const out = dense(h, t.get('output/kernel')!, t.get('output/bias')!, k);
    if (task.kind === 'binary') return 1 / (1 + Math.exp(-out[0]));
    if (task.kind === 'multiclass') {
      const logits = out.slice(0, task.outputs);
      return logits.indexOf(Math.max(...logits));
    }
    return out[0];
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a safetensors export rebuilds the network from its metadata alone', () => {
  test.each(['shared-bottom', 'mmoe'] as const)('%s', async (architecture) => {
    const base = defaultConfig();
    const config: LabConfig = {
      ...base,
      data: {
        ...base.data,
        tasks: 2,
        features: 6,
        samples: 400,
        taskSpecs: [defaultTaskSpec(2), { ...defaultTaskSpec(1), kind: 'binary' }],
      },
      model: { ...base.model, architecture, hidden: [12, 8], tower: [6], experts: 3 },
      train: { ...base.train, batchSize: 32, learningRate: 0.01 },
    };
    const dataset = generateDataset(config.data);
    const trainer = await createTrainer({ config, dataset });
    await trainer.train(30);
    const expected = await trainer.predict('test');
    const bytes = exportSafetensors(await trainerModelFile(trainer, config));
    trainer.dispose();

    const { meta, tensors } = readSafetensors(bytes);
    expect(meta.layers.map((l) => l.name).sort()).toEqual([...tensors.keys()].sort());
    expect(meta.activations.hidden).toBe('relu');
    const D = dataset.features;
    let worst = 0;
    for (let r = 0; r < dataset.test.rows; r++) {
      const row = Array.from(dataset.test.x.subarray(r * D, (r + 1) * D));
      const got = predictRow(row, meta, tensors);
      got.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - expected[r][k]))));
    }
    expect(worst).toBeLessThan(1e-5);
  });
});
