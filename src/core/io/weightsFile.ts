/**
 * MTL Lab model files: one description (ModelMeta) plus float32 tensors, written as safetensors
 * (for PyTorch) or as TensorFlow.js model.json + weights.bin. `importModelFile` detects the
 * format, checks everything and never throws: it answers {ok: false, message} instead.
 */
import { SCHEMA_VERSION, type LabConfig } from '../config/schema';
import {
  MODEL_FORMAT,
  assertMatchesExpected,
  assertTensorsMatchMeta,
  validateMeta,
  type ModelMeta,
  type ParamShape,
} from './modelMeta';
import { readSafetensors, writeSafetensors } from './safetensors';
import { readTfjs, writeTfjs, type TfjsArtifacts } from './tfjsFormat';
import {
  WeightFileError,
  assertFinite,
  isRecord,
  toBytes,
  type Bytes,
  type NamedTensor,
} from './weightTensors';
import { errorMessage } from '../errorMessage';

export type { ModelMeta, ParamShape } from './modelMeta';
export type { NamedTensor } from './weightTensors';

export interface ModelFile {
  meta: ModelMeta;
  tensors: NamedTensor[];
}

export type ImportInput = Bytes | { json: string | Bytes; bin: Bytes };

export interface ExpectedModel {
  config: LabConfig;
  paramShapes: readonly ParamShape[];
  /**
   * The loaded data's tasks when they are not the generator's (an imported table): their count,
   * and the target scaling a regression task trains with, which the file must share.
   */
  tasks?: readonly { name: string; labelScale?: { mean: number; std: number } }[];
}

export type ImportResult =
  { ok: true; file: ModelFile; format: 'safetensors' | 'tfjs' } | { ok: false; message: string };

const META_KEY = 'mtl_lab';
const GENERATED_BY = `MTL Lab (schema v${SCHEMA_VERSION})`;

function assertExportable(file: ModelFile): void {
  validateMeta(file.meta);
  assertTensorsMatchMeta(file.meta, file.tensors);
  file.tensors.forEach(assertFinite);
}

export function exportSafetensors(file: ModelFile): Uint8Array {
  assertExportable(file);
  return writeSafetensors(file.tensors, {
    format: MODEL_FORMAT,
    schema_version: String(file.meta.schemaVersion),
    [META_KEY]: JSON.stringify(file.meta),
  });
}

export function exportTfjs(file: ModelFile): TfjsArtifacts {
  assertExportable(file);
  return writeTfjs(file.tensors, {
    modelTopology: { mtlLab: file.meta },
    format: MODEL_FORMAT,
    generatedBy: GENERATED_BY,
    userDefinedMetadata: {
      schemaVersion: file.meta.schemaVersion,
      tasks: file.meta.tasks.map((t) => t.name),
    },
  });
}

const startsWith = (bytes: Uint8Array, magic: number[]): boolean =>
  magic.every((b, i) => bytes[i] === b);

/** The bytes as text when they are UTF-8 without control characters (a CSV, JSON, ...), else null. */
function looksLikeText(head: Uint8Array): string | null {
  if (head.length < 8) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return null;
  }
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 127) return null;
  }
  return text;
}

/** A message when the bytes are clearly some other kind of file; null when they may be safetensors. */
function otherKindOfFile(bytes: Uint8Array): string | null {
  const choose = 'MTL Lab reads .safetensors files, or a model.json together with its weights.bin';
  if (bytes.length === 0) return 'the file is empty';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]))
    return `this is a PNG image, not a weights file; ${choose}`;
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    return `this is a JPEG image, not a weights file; ${choose}`;
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46]))
    return `this is a PDF document, not a weights file; ${choose}`;
  if (startsWith(bytes, [0x1f, 0x8b]))
    return `this is a gzip-compressed file; decompress it first (${choose})`;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return 'this is a ZIP archive (PyTorch .pt/.pth files are ZIP archives); save the weights with safetensors instead';
  }
  const text = looksLikeText(bytes.subarray(0, 64));
  if (text === null) return null;
  if (text.trimStart().startsWith('{')) {
    try {
      const json: unknown = JSON.parse(new TextDecoder().decode(bytes));
      if (isRecord(json) && 'weightsManifest' in json)
        return 'this is a model.json; choose it together with its weights.bin file';
    } catch {
      // not JSON after all: reported as text below
    }
  } else if (bytes[8] === 0x7b) {
    // A safetensors header starts at byte 8 with '{': let the reader say what is wrong.
    return null;
  }
  return `this is a text file (it starts with ${JSON.stringify(text.slice(0, 24))}), not a weights file; ${choose}`;
}

function fromSafetensors(bytes: Uint8Array): ModelFile {
  const other = otherKindOfFile(bytes);
  if (other) throw new WeightFileError(other);
  const { tensors, metadata } = readSafetensors(bytes);
  const text = metadata[META_KEY];
  if (metadata.format !== MODEL_FORMAT || text === undefined) {
    throw new WeightFileError(
      'this safetensors file was not made by MTL Lab: it has no MTL Lab model description, so its architecture is unknown',
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WeightFileError('the MTL Lab model description in the file is not valid JSON');
  }
  const meta = validateMeta(raw);
  assertTensorsMatchMeta(meta, tensors);
  return { meta, tensors };
}

function fromTfjs(json: string | Bytes, bin: Bytes): ModelFile {
  let text: string;
  if (typeof json === 'string') text = json;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(toBytes(json));
    } catch {
      throw new WeightFileError(
        'model.json is not UTF-8 text; did you swap model.json and weights.bin?',
      );
    }
  }
  const { model, tensors } = readTfjs(text, toBytes(bin));
  const topology = isRecord(model.modelTopology) ? model.modelTopology : {};
  if (model.format !== MODEL_FORMAT || !isRecord(topology.mtlLab)) {
    const kind =
      typeof model.format === 'string'
        ? `a TensorFlow.js ${model.format.slice(0, 40)}`
        : 'a TensorFlow.js model';
    throw new WeightFileError(
      `this is ${kind}, not an MTL Lab model file (no mtlLab description in modelTopology)`,
    );
  }
  const meta = validateMeta(topology.mtlLab);
  assertTensorsMatchMeta(meta, tensors);
  return { meta, tensors };
}

function isBytes(value: unknown): value is Bytes {
  return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

/** Reads either format, checks it, and (if `expected` is given) that it fits the current model. */
export function importModelFile(input: ImportInput, expected?: ExpectedModel): ImportResult {
  try {
    let file: ModelFile;
    let format: 'safetensors' | 'tfjs';
    if (isBytes(input)) {
      file = fromSafetensors(toBytes(input));
      format = 'safetensors';
    } else if (
      isRecord(input) &&
      (typeof input.json === 'string' || isBytes(input.json)) &&
      isBytes(input.bin)
    ) {
      file = fromTfjs(input.json, input.bin);
      format = 'tfjs';
    } else {
      return {
        ok: false,
        message:
          'nothing to import: expected the bytes of a .safetensors file, or model.json with its weights.bin',
      };
    }
    if (expected) assertMatchesExpected(file.meta, expected);
    return { ok: true, file, format };
  } catch (error) {
    if (error instanceof WeightFileError) return { ok: false, message: error.message };
    // A bug in a check must not take the page down; it still says that the file was not loaded.
    const detail = errorMessage(error);
    return { ok: false, message: `the file could not be read (${detail.slice(0, 200)})` };
  }
}
