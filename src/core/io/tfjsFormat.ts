/**
 * The TensorFlow.js weights format: `model.json` ({modelTopology, format, generatedBy,
 * weightsManifest: [{paths, weights: [{name, shape, dtype}]}], userDefinedMetadata}) plus the
 * binary, the little-endian float32 concatenation of the weights in manifest order with no
 * padding. `tf.io.decodeWeights(bin, manifest[0].weights)` reads it (see the tests).
 */
import {
  WeightFileError,
  assertFinite,
  assertWritable,
  checkEntry,
  elementCount,
  isRecord,
  packFloats,
  readFloats,
  shown,
  type NamedTensor,
} from './weightTensors';

export const TFJS_WEIGHTS_PATH = 'weights.bin';
export const MAX_MODEL_JSON_CHARS = 100 * 1024 * 1024;

export interface TfjsArtifacts {
  /** model.json text. */
  json: string;
  /** weights.bin bytes. */
  bin: Uint8Array;
}

export interface TfjsModelJson {
  modelTopology: unknown;
  format?: unknown;
  generatedBy?: unknown;
  userDefinedMetadata?: unknown;
}

export interface TfjsWriteOptions {
  modelTopology: Record<string, unknown>;
  format: string;
  generatedBy: string;
  userDefinedMetadata?: Record<string, unknown>;
}

export function writeTfjs(
  tensors: readonly NamedTensor[],
  options: TfjsWriteOptions,
): TfjsArtifacts {
  assertWritable(tensors);
  const modelJson = {
    modelTopology: options.modelTopology,
    format: options.format,
    generatedBy: options.generatedBy,
    convertedBy: null,
    weightsManifest: [
      {
        paths: [TFJS_WEIGHTS_PATH],
        weights: tensors.map((t) => ({ name: t.name, shape: t.shape, dtype: 'float32' })),
      },
    ],
    userDefinedMetadata: options.userDefinedMetadata ?? {},
  };
  return { json: JSON.stringify(modelJson, null, 1), bin: packFloats(tensors) };
}

interface ManifestEntry {
  name: string;
  shape: number[];
}

function parseManifest(value: unknown): ManifestEntry[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new WeightFileError(
      'model.json has no weightsManifest list; it is not a TensorFlow.js weights file',
    );
  }
  const entries: ManifestEntry[] = [];
  const seen = new Set<string>();
  value.forEach((group: unknown, g) => {
    if (!isRecord(group) || !Array.isArray(group.weights) || !Array.isArray(group.paths)) {
      throw new WeightFileError(`weightsManifest group ${g + 1} needs "paths" and "weights" lists`);
    }
    for (const spec of group.weights as unknown[]) {
      if (!isRecord(spec))
        throw new WeightFileError(
          `weightsManifest group ${g + 1} has an entry that is not an object`,
        );
      const entry = checkEntry(spec.name, spec.shape, 'weightsManifest');
      if (spec.quantization !== undefined) {
        throw new WeightFileError(
          `weight ${shown(entry.name)} is quantized; MTL Lab reads unquantized float32 weights only`,
        );
      }
      if (spec.dtype !== 'float32') {
        throw new WeightFileError(
          `weight ${shown(entry.name)} has dtype ${shown(String(spec.dtype))}; MTL Lab reads float32 weights only`,
        );
      }
      if (seen.has(entry.name))
        throw new WeightFileError(`weight ${shown(entry.name)} appears twice in the manifest`);
      seen.add(entry.name);
      entries.push(entry);
    }
  });
  return entries;
}

/** Reads model.json text and its binary; throws WeightFileError (only) naming what is wrong. */
export function readTfjs(
  json: string,
  bin: Uint8Array,
  options: { allowNonFinite?: boolean } = {},
): { model: TfjsModelJson; tensors: NamedTensor[] } {
  if (typeof json !== 'string' || json.length === 0)
    throw new WeightFileError('model.json is empty');
  if (json.length > MAX_MODEL_JSON_CHARS)
    throw new WeightFileError('model.json is over 100 MB; that is not a model description');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'parse error';
    throw new WeightFileError(`model.json is not valid JSON (${detail})`);
  }
  if (!isRecord(parsed)) throw new WeightFileError('model.json is not a JSON object');
  if (!isRecord(parsed.modelTopology)) {
    throw new WeightFileError(
      'model.json has no modelTopology object; it is not a TensorFlow.js model file',
    );
  }
  const entries = parseManifest(parsed.weightsManifest);
  const needed = entries.reduce((n, e) => n + elementCount(e.shape) * 4, 0);
  if (bin.length < needed) {
    throw new WeightFileError(
      `the weights file has ${bin.length} bytes but model.json describes ${needed}; it is truncated or belongs to another model`,
    );
  }
  if (bin.length > needed) {
    throw new WeightFileError(
      `the weights file has ${bin.length - needed} bytes more than model.json describes; it belongs to another model`,
    );
  }
  let offset = 0;
  const tensors = entries.map(({ name, shape }) => {
    const count = elementCount(shape);
    const values = readFloats(bin, offset, count);
    offset += count * 4;
    return { name, shape, values };
  });
  if (!options.allowNonFinite) tensors.forEach(assertFinite);
  const model: TfjsModelJson = {
    modelTopology: parsed.modelTopology,
    format: parsed.format,
    generatedBy: parsed.generatedBy,
    userDefinedMetadata: parsed.userDefinedMetadata,
  };
  return { model, tensors };
}
