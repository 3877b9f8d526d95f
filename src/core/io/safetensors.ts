/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}` padded
 * with spaces so the data starts 8-byte aligned, then the raw little-endian tensor bytes. PyTorch
 * reads it with `safetensors.torch.load_file`. Only F32 is written and read.
 */
import {
  WeightFileError,
  assertFinite,
  assertWritable,
  checkEntry,
  elementCount,
  formatShape,
  isRecord,
  packFloats,
  readFloats,
  shown,
  type NamedTensor,
} from './weightTensors';

export const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const METADATA_KEY = '__metadata__';
const KNOWN_DTYPES = [
  'BOOL',
  'U8',
  'I8',
  'F8_E5M2',
  'F8_E4M3',
  'I16',
  'U16',
  'F16',
  'BF16',
  'I32',
  'U32',
  'F32',
  'F64',
  'I64',
  'U64',
];

export interface SafetensorsContent {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

export function writeSafetensors(
  tensors: readonly NamedTensor[],
  metadata: Record<string, string> = {},
): Uint8Array {
  assertWritable(tensors);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header[METADATA_KEY] = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === METADATA_KEY)
      throw new WeightFileError(`a tensor cannot be named ${METADATA_KEY}`);
    const end = offset + t.values.length * 4;
    Object.defineProperty(header, t.name, {
      value: { dtype: 'F32', shape: t.shape, data_offsets: [offset, end] },
      enumerable: true,
    });
    offset = end;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const data = packFloats(tensors);
  const out = new Uint8Array(8 + json.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function parseHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) {
    throw new WeightFileError(
      `the file has only ${bytes.length} bytes; a safetensors file starts with an 8-byte header length`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (length > MAX_HEADER_BYTES) {
    throw new WeightFileError(
      `the header length field says ${length} bytes (over 100 MB); this is not a safetensors file or it is corrupt`,
    );
  }
  if (8 + length > bytes.length) {
    throw new WeightFileError(
      `the header length field says ${length} bytes but only ${bytes.length - 8} follow; the file is truncated or not a safetensors file`,
    );
  }
  if (length === 0) throw new WeightFileError('the safetensors header is empty');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length));
  } catch {
    throw new WeightFileError(
      'the safetensors header is not UTF-8 text; the file is corrupt or not safetensors',
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'parse error';
    throw new WeightFileError(`the safetensors header is not valid JSON (${detail})`);
  }
  if (!isRecord(header)) throw new WeightFileError('the safetensors header is not a JSON object');
  return { header, dataStart: 8 + length };
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new WeightFileError(`"${METADATA_KEY}" must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw new WeightFileError(`"${METADATA_KEY}" entry ${shown(key)} is not a string`);
    Object.defineProperty(out, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

interface Slot {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

function parseSlot(name: string, info: unknown, dataLength: number): Slot {
  if (!isRecord(info)) throw new WeightFileError(`header entry ${shown(name)} is not an object`);
  const { dtype, shape: rawShape, data_offsets: offsets } = info;
  const { shape } = checkEntry(name, rawShape, 'safetensors header');
  if (typeof dtype !== 'string') throw new WeightFileError(`tensor ${shown(name)} has no dtype`);
  if (dtype !== 'F32') {
    const kind = KNOWN_DTYPES.includes(dtype) ? 'dtype' : 'unknown dtype';
    throw new WeightFileError(
      `tensor ${shown(name)} has ${kind} ${shown(dtype)}; MTL Lab reads F32 (float32) weights only`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    throw new WeightFileError(
      `tensor ${shown(name)} has invalid data_offsets ${JSON.stringify(offsets)?.slice(0, 60)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataLength) {
    throw new WeightFileError(
      `tensor ${shown(name)} ends at byte ${end} but the data section has only ${dataLength} bytes; the file is truncated`,
    );
  }
  const need = elementCount(shape) * 4;
  if (end - begin !== need) {
    throw new WeightFileError(
      `tensor ${shown(name)}: shape ${formatShape(shape)} needs ${need} bytes of F32 but data_offsets span ${end - begin}`,
    );
  }
  return { name, shape, begin, end };
}

/** Reads a safetensors file; throws WeightFileError (only) naming what is wrong. */
export function readSafetensors(
  bytes: Uint8Array,
  options: { allowNonFinite?: boolean } = {},
): SafetensorsContent {
  const { header, dataStart } = parseHeader(bytes);
  const dataLength = bytes.length - dataStart;
  const metadata = parseMetadata(header[METADATA_KEY]);
  const slots = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, info]) => parseSlot(name, info, dataLength))
    .sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const slot of slots) {
    if (slot.begin < cursor) {
      throw new WeightFileError(
        `tensors ${shown(previous)} and ${shown(slot.name)} overlap in the data section`,
      );
    }
    if (slot.begin > cursor) {
      throw new WeightFileError(
        `bytes ${cursor} to ${slot.begin} of the data section belong to no tensor`,
      );
    }
    cursor = slot.end;
    previous = slot.name;
  }
  if (cursor !== dataLength) {
    throw new WeightFileError(
      `the data section has ${dataLength} bytes but the header describes ${cursor}; the file has extra bytes or is corrupt`,
    );
  }
  const tensors = slots.map(({ name, shape, begin, end }) => ({
    name,
    shape,
    values: readFloats(bytes, dataStart + begin, (end - begin) / 4),
  }));
  if (!options.allowNonFinite) tensors.forEach(assertFinite);
  return { tensors, metadata };
}
