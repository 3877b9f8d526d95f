/**
 * What both weight formats share: the error type every reader throws (and only it), the named
 * float32 tensor, little-endian byte conversion and the checks on shapes and values.
 */

/** The only error the weight readers and writers throw; its message is shown to the person. */
export class WeightFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightFileError';
  }
}

export interface NamedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export type Bytes = Uint8Array | ArrayBuffer;

export function toBytes(input: Bytes): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isSafeInteger(d) && d >= 0);
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Number of elements, or Infinity when it would not fit a safe integer. */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) return Infinity;
  }
  return n;
}

/** Writer-side check: a tensor a reader would reject is a bug in the caller, reported now. */
export function assertWritable(tensors: readonly NamedTensor[]): void {
  const seen = new Set<string>();
  for (const t of tensors) {
    if (typeof t.name !== 'string' || t.name === '')
      throw new WeightFileError('a tensor has an empty name');
    if (seen.has(t.name)) throw new WeightFileError(`tensor "${t.name}" appears twice`);
    seen.add(t.name);
    if (!isShape(t.shape)) throw new WeightFileError(`tensor "${t.name}" has an invalid shape`);
    if (!(t.values instanceof Float32Array) || t.values.length !== elementCount(t.shape)) {
      throw new WeightFileError(
        `tensor "${t.name}" has ${t.values?.length ?? 0} values but shape ${formatShape(t.shape)}`,
      );
    }
  }
}

/** Concatenated little-endian float32 bytes of the tensors, in order. */
export function packFloats(tensors: readonly NamedTensor[]): Uint8Array {
  const total = tensors.reduce((n, t) => n + t.values.length, 0);
  const out = new Uint8Array(total * 4);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const { values } of tensors) {
    if (LITTLE_ENDIAN)
      out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    else values.forEach((x, i) => view.setFloat32(offset + 4 * i, x, true));
    offset += values.byteLength;
  }
  return out;
}

/** Copies `count` little-endian float32 values starting at byte `offset` (any alignment). */
export function readFloats(bytes: Uint8Array, offset: number, count: number): Float32Array {
  if (LITTLE_ENDIAN) {
    const copy = bytes.slice(offset, offset + count * 4);
    return new Float32Array(copy.buffer, 0, count);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, true);
  return out;
}

/** Throws when a tensor holds NaN or infinite values (a diverged run saved as weights). */
export function assertFinite(t: NamedTensor): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < t.values.length; i++) {
    if (!Number.isFinite(t.values[i])) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    throw new WeightFileError(
      `tensor "${t.name}" contains ${bad} NaN or infinite value${bad === 1 ? '' : 's'} (first at index ${first}); the model it came from had diverged`,
    );
  }
}

/** Display form of a name taken from a file: quoted and cut short. */
export function shown(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}...` : name);
}

/** Checks one manifest/header entry's name and shape; returns them typed. */
export function checkEntry(
  name: unknown,
  shape: unknown,
  where: string,
): { name: string; shape: number[] } {
  if (typeof name !== 'string' || name === '')
    throw new WeightFileError(`${where}: a tensor has no name`);
  if (!isShape(shape)) {
    throw new WeightFileError(
      `${where}: tensor ${shown(name)} has an invalid shape (${JSON.stringify(shape)?.slice(0, 60)})`,
    );
  }
  if (elementCount(shape) === Infinity)
    throw new WeightFileError(`${where}: tensor ${shown(name)} has an impossibly large shape`);
  return { name, shape };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
