import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TFJS_WEIGHTS_PATH, readTfjs, writeTfjs } from './tfjsFormat';
import { fixtureModelFile } from './weights.fixtures';
import { WeightFileError } from './weightTensors';

const options = {
  modelTopology: { mtlLab: { note: 'x' } },
  format: 'mtl-lab',
  generatedBy: 'test',
};

interface Manifest {
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

function errorOf(json: string, bin: Uint8Array): string {
  try {
    readTfjs(json, bin);
  } catch (error) {
    expect(error).toBeInstanceOf(WeightFileError);
    return (error as Error).message;
  }
  throw new Error('expected the reader to reject the files');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('TensorFlow.js weights format', () => {
  const input = fixtureModelFile().tensors;

  it('round-trips tensors and keeps topology, format and metadata', () => {
    const { json, bin } = writeTfjs(input, { ...options, userDefinedMetadata: { k: 1 } });
    const { model, tensors } = readTfjs(json, bin);
    expect(model.format).toBe('mtl-lab');
    expect(model.modelTopology).toEqual({ mtlLab: { note: 'x' } });
    expect(model.userDefinedMetadata).toEqual({ k: 1 });
    expect(tensors).toEqual(input);
    const manifest = JSON.parse(json) as Manifest;
    expect(manifest.weightsManifest[0].paths).toEqual([TFJS_WEIGHTS_PATH]);
  });

  it('is decoded by tf.io.decodeWeights into identical tensors', async () => {
    const { json, bin } = writeTfjs(input, options);
    const manifest = JSON.parse(json) as Manifest;
    const buffer = bin.slice().buffer;
    const decoded = tf.io.decodeWeights(buffer, manifest.weightsManifest[0].weights);
    expect(Object.keys(decoded)).toEqual(input.map((t) => t.name));
    for (const t of input) {
      const tensor = decoded[t.name];
      expect(tensor.shape).toEqual(t.shape);
      expect(tensor.dtype).toBe('float32');
      expect(await tensor.data()).toEqual(t.values);
    }
    tf.dispose(Object.values(decoded));
  });

  it('writes the same bytes and specs as tf.io.encodeWeights', async () => {
    const named = input.map((t) => ({
      name: t.name,
      tensor: tf.tensor(t.values, t.shape, 'float32'),
    }));
    const { data, specs } = await tf.io.encodeWeights(named);
    const { json, bin } = writeTfjs(input, options);
    expect(new Uint8Array(data as ArrayBuffer)).toEqual(bin);
    expect((JSON.parse(json) as Manifest).weightsManifest[0].weights).toEqual(specs);
    tf.dispose(named.map((n) => n.tensor));
  });

  it('names what is wrong with damaged or foreign files', () => {
    const { json, bin } = writeTfjs(input, options);
    const edit = (change: (m: Record<string, unknown> & Manifest) => void) => {
      const m = JSON.parse(json) as Record<string, unknown> & Manifest;
      change(m);
      return JSON.stringify(m);
    };
    expect(errorOf('', bin)).toMatch(/model.json is empty/);
    expect(errorOf(json.slice(0, 40), bin)).toMatch(/model.json is not valid JSON/);
    expect(errorOf('[1]', bin)).toMatch(/not a JSON object/);
    expect(
      errorOf(
        edit((m) => delete m.modelTopology),
        bin,
      ),
    ).toMatch(/no modelTopology/);
    expect(
      errorOf(
        edit((m) => delete (m as Partial<Manifest>).weightsManifest),
        bin,
      ),
    ).toMatch(/no weightsManifest/);
    expect(errorOf(json, bin.subarray(0, bin.length - 4))).toMatch(
      /has \d+ bytes but model.json describes \d+; it is truncated/,
    );
    expect(errorOf(json, new Uint8Array([...bin, 0, 0, 0, 0]))).toMatch(
      /4 bytes more than model.json describes/,
    );
    expect(
      errorOf(
        edit((m) => (m.weightsManifest[0].weights[1].dtype = 'int32')),
        bin,
      ),
    ).toMatch(/"trunk\/0\/bias" has dtype "int32"/);
    expect(
      errorOf(
        edit(
          (m) =>
            (m.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 1, min: 0 }),
        ),
        bin,
      ),
    ).toMatch(/is quantized/);
    expect(
      errorOf(
        edit((m) => (m.weightsManifest[0].weights[1].name = 'trunk/0/kernel')),
        bin,
      ),
    ).toMatch(/appears twice/);
    expect(
      errorOf(
        edit((m) => (m.weightsManifest[0].weights[0].shape = [5, 'x' as unknown as number])),
        bin,
      ),
    ).toMatch(/invalid shape/);
    const nan = bin.slice();
    new DataView(nan.buffer).setFloat32(8, Number.NaN, true);
    expect(errorOf(json, nan)).toMatch(
      /"trunk\/0\/kernel" contains 1 NaN or infinite value \(first at index 2\)/,
    );
  });
});
