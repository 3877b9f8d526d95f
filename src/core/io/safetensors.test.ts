import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, readSafetensors, writeSafetensors } from './safetensors';
import { fixtureModelFile } from './weights.fixtures';
import { WeightFileError, type NamedTensor } from './weightTensors';

/** An independent minimal reader, written from the format description only. */
function minimalRead(file: Uint8Array): {
  header: Record<string, unknown>;
  tensors: Map<string, Float32Array>;
} {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<
    string,
    unknown
  >;
  const tensors = new Map<string, Float32Array>();
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      data_offsets: [begin, end],
    } = info as { dtype: string; data_offsets: [number, number] };
    expect(dtype).toBe('F32');
    const copy = file.slice(8 + n + begin, 8 + n + end);
    tensors.set(name, new Float32Array(copy.buffer));
  }
  return { header, tensors };
}

/** Bytes of a safetensors file built by hand from a header object and data bytes. */
function handBuilt(header: unknown, data: Uint8Array, pad = 0): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(pad));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const floats = (...xs: number[]) => new Uint8Array(new Float32Array(xs).buffer);
const tensors = (): NamedTensor[] => fixtureModelFile().tensors;

function errorOf(bytes: Uint8Array): string {
  try {
    readSafetensors(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(WeightFileError);
    return (error as Error).message;
  }
  throw new Error('expected the reader to reject the file');
}

describe('safetensors writer and reader', () => {
  it('round-trips names, shapes, values (bit-exact) and metadata', () => {
    const input = tensors();
    const file = writeSafetensors(input, { format: 'mtl-lab', note: 'ünïcode ✓' });
    const { tensors: output, metadata } = readSafetensors(file);
    expect(metadata).toEqual({ format: 'mtl-lab', note: 'ünïcode ✓' });
    expect(output.map((t) => t.name)).toEqual(input.map((t) => t.name));
    output.forEach((t, i) => {
      expect(t.shape).toEqual(input[i].shape);
      expect(new Uint32Array(t.values.buffer, t.values.byteOffset, t.values.length)).toEqual(
        new Uint32Array(input[i].values.buffer),
      );
    });
  });

  it('pads the header with spaces to 8-byte alignment and is read by an independent reader', () => {
    const input = tensors();
    const file = writeSafetensors(input, { a: 'b' });
    const n = Number(new DataView(file.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    expect(file[8]).toBe('{'.charCodeAt(0));
    expect(new TextDecoder().decode(file.subarray(8, 8 + n))).toMatch(/} *$/);
    const { header, tensors: read } = minimalRead(file);
    expect(header.__metadata__).toEqual({ a: 'b' });
    for (const t of input) {
      expect(read.get(t.name)).toEqual(t.values);
      expect((header[t.name] as { shape: number[] }).shape).toEqual(t.shape);
    }
  });

  it('reads files from other writers: any key order, no padding, unaligned data', () => {
    const data = new Uint8Array([...floats(5, 6), ...floats(1, 2, 3)]);
    const header = {
      b: { dtype: 'F32', shape: [3], data_offsets: [8, 20] },
      a: { dtype: 'F32', shape: [2, 1], data_offsets: [0, 8] },
    };
    const { tensors: read, metadata } = readSafetensors(handBuilt(header, data, 1));
    expect(metadata).toEqual({});
    expect(read.map((t) => [t.name, t.shape, [...t.values]])).toEqual([
      ['a', [2, 1], [5, 6]],
      ['b', [3], [1, 2, 3]],
    ]);
  });

  it('names what is wrong with a damaged file', () => {
    const good = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
    const data = floats(1, 2);
    expect(errorOf(new Uint8Array(5))).toMatch(/only 5 bytes/);
    const lying = handBuilt(good, data);
    new DataView(lying.buffer).setUint32(0, 10_000, true);
    expect(errorOf(lying)).toMatch(/says 10000 bytes but only \d+ follow; the file is truncated/);
    new DataView(lying.buffer).setUint32(4, 1, true);
    expect(errorOf(lying)).toMatch(/over 100 MB/);
    new DataView(lying.buffer).setUint32(0, MAX_HEADER_BYTES + 1, true);
    new DataView(lying.buffer).setUint32(4, 0, true);
    expect(errorOf(lying)).toMatch(/over 100 MB/);
    expect(errorOf(handBuilt('', data).map((b, i) => (i === 8 ? 0x7b : b)))).toMatch(
      /not valid JSON/,
    );
    expect(errorOf(handBuilt([1, 2], data))).toMatch(/not a JSON object/);
    expect(errorOf(handBuilt({ w: { ...good.w, dtype: 'F16' } }, data))).toMatch(
      /dtype "F16"; MTL Lab reads F32/,
    );
    expect(errorOf(handBuilt({ w: { ...good.w, dtype: 'Q9' } }, data))).toMatch(
      /unknown dtype "Q9"/,
    );
    expect(errorOf(handBuilt({ w: { ...good.w, shape: [3] } }, data))).toMatch(
      /shape \[3\] needs 12 bytes of F32 but data_offsets span 8/,
    );
    expect(errorOf(handBuilt({ w: { ...good.w, shape: [-1] } }, data))).toMatch(/invalid shape/);
    expect(errorOf(handBuilt({ w: { ...good.w, data_offsets: [0, 16] } }, data))).toMatch(
      /ends at byte 16 .* truncated/,
    );
    expect(errorOf(handBuilt({ w: { ...good.w, data_offsets: [4, 0] } }, data))).toMatch(
      /invalid data_offsets/,
    );
    const twice = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
    };
    expect(errorOf(handBuilt(twice, data))).toMatch(/"a" and "b" overlap/);
    const gap = { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } };
    expect(errorOf(handBuilt(gap, data))).toMatch(
      /bytes 0 to 4 of the data section belong to no tensor/,
    );
    expect(errorOf(handBuilt(good, new Uint8Array([...data, 1, 2, 3, 4])))).toMatch(
      /has 12 bytes but the header describes 8/,
    );
    expect(errorOf(handBuilt({ ...good, __metadata__: { a: 1 } }, data))).toMatch(
      /"__metadata__" entry "a" is not a string/,
    );
    expect(errorOf(handBuilt(good, floats(1, Number.NaN)))).toMatch(
      /"w" contains 1 NaN or infinite value \(first at index 1\)/,
    );
    expect(errorOf(handBuilt(good, floats(Infinity, -Infinity)))).toMatch(
      /contains 2 NaN or infinite values/,
    );
    const latin = handBuilt(good, data);
    latin[9] = 0xff;
    expect(errorOf(latin)).toMatch(/not UTF-8/);
  });

  it('can return non-finite values when asked', () => {
    const file = writeSafetensors([
      { name: 'w', shape: [2], values: new Float32Array([1, Number.NaN]) },
    ]);
    expect(Number.isNaN(readSafetensors(file, { allowNonFinite: true }).tensors[0].values[1])).toBe(
      true,
    );
  });

  it('refuses to write inconsistent tensors', () => {
    expect(() =>
      writeSafetensors([{ name: 'w', shape: [3], values: new Float32Array(2) }]),
    ).toThrow(/has 2 values but shape \[3\]/);
    const dup = { name: 'w', shape: [1], values: new Float32Array(1) };
    expect(() => writeSafetensors([dup, dup])).toThrow(WeightFileError);
  });
});
