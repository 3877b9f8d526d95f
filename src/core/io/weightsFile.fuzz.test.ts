/**
 * Hundreds of damaged weight files against importModelFile: each kind of damage must give
 * {ok: false} with a message that names that kind of damage, never an exception and never the
 * catch-all "could not be read" (which would mean a check was missing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureModelFile } from './weights.fixtures';
import { exportSafetensors, exportTfjs, importModelFile, type ImportInput } from './weightsFile';

const file = fixtureModelFile();
const lab = exportSafetensors(file);
const labHeaderLength = new DataView(lab.buffer).getUint32(0, true);
const labHeader = (): Record<string, Record<string, unknown>> =>
  JSON.parse(new TextDecoder().decode(lab.subarray(8, 8 + labHeaderLength))) as Record<
    string,
    Record<string, unknown>
  >;
const labData = lab.subarray(8 + labHeaderLength);
const tensorNames = file.tensors.map((t) => t.name);
const tfjs = exportTfjs(file);

function build(headerText: string, data: Uint8Array, length?: bigint): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function editHeader(
  edit: (h: Record<string, Record<string, unknown>>) => void,
  data = labData,
): Uint8Array {
  const header = labHeader();
  edit(header);
  return build(JSON.stringify(header), data);
}

interface Case {
  kind: string;
  input: ImportInput;
  /** What the message must say; null when the damage may leave a loadable file (random bit flips). */
  expected: RegExp | null;
}

const pick = <T>(items: readonly T[]) => fc.nat().map((n) => items[n % items.length]);
const junk = fc.constantFrom<unknown>(null, 'x', -1, 1.5, true);
const metaKeys = [
  'format',
  'schemaVersion',
  'config',
  'tasks',
  'features',
  'featureNames',
  'featureMean',
  'featureStd',
  'activations',
  'layers',
];

const cases: fc.Arbitrary<Case> = fc.oneof(
  fc.nat().map((n) => ({
    kind: 'truncated',
    input: lab.slice(0, n % lab.length),
    expected: /truncated|has only \d+ bytes|empty/,
  })),
  fc
    .oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.integer({ min: -50, max: 400 }).map((d) => BigInt(Math.max(0, labHeaderLength + d))),
    )
    .filter((v) => v !== BigInt(labHeaderLength))
    .map((v) => {
      const bytes = lab.slice();
      new DataView(bytes.buffer).setBigUint64(0, v, true);
      return {
        kind: 'length lie',
        input: bytes,
        expected:
          /not valid JSON|header is empty|truncated|over 100 MB|not UTF-8|not a JSON object|header describes|belong to no tensor|ends at byte/,
      };
    }),
  fc.integer({ min: 1, max: 2 ** 32 - 1 }).map((hi) => {
    const bytes = lab.slice();
    new DataView(bytes.buffer).setUint32(4, hi, true);
    return { kind: 'huge header', input: bytes, expected: /over 100 MB/ };
  }),
  fc.nat().map((n) => {
    const text = JSON.stringify(labHeader());
    const cut = text.slice(0, n % text.length);
    return {
      kind: 'cut JSON',
      input: build(cut.padEnd(text.length, ' '), labData),
      expected: /not valid JSON|header is empty/,
    };
  }),
  fc
    .integer({ min: 0, max: 255 })
    .filter((b) => b !== 0x7b && b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)
    .map((b) => {
      const bytes = lab.slice();
      bytes[8] = b;
      return {
        kind: 'bad JSON start',
        input: bytes,
        expected: /not valid JSON|not UTF-8|not a JSON object/,
      };
    }),
  fc
    .tuple(pick(tensorNames), fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 3 }))
    .map(([name, shape]) => ({
      kind: 'wrong shape',
      input: editHeader((h) => {
        const old = JSON.stringify(h[name].shape);
        h[name].shape = JSON.stringify(shape) === old ? [...shape, 2] : shape;
      }),
      expected: /needs \d+ bytes of F32 but data_offsets span|inconsistent/,
    })),
  fc.tuple(pick(tensorNames), fc.nat(1200), fc.nat(1200)).map(([name, a, b]) => ({
    kind: 'wrong offsets',
    input: editHeader((h) => {
      const old = h[name].data_offsets as number[];
      h[name].data_offsets = a === old[0] && b === old[1] ? [a + 1, b] : [a, b];
    }),
    expected:
      /invalid data_offsets|ends at byte|needs \d+ bytes|overlap|belong to no tensor|describes/,
  })),
  fc
    .tuple(pick(tensorNames), fc.constantFrom('F16', 'F64', 'I32', 'BF16', 'weird', 7))
    .map(([name, dtype]) => ({
      kind: 'dtype',
      input: editHeader((h) => (h[name].dtype = dtype)),
      expected: /dtype/,
    })),
  fc.tuple(fc.nat(), fc.constantFrom(Number.NaN, Infinity, -Infinity)).map(([n, x]) => {
    const bytes = lab.slice();
    const floats = labData.length / 4;
    new DataView(bytes.buffer).setFloat32(8 + labHeaderLength + 4 * (n % floats), x, true);
    return { kind: 'non-finite', input: bytes, expected: /NaN or infinite/ };
  }),
  fc.tuple(pick(metaKeys), junk).map(([key, value]) => ({
    kind: 'bad description',
    input: editHeader((h) => {
      const meta = JSON.parse(h.__metadata__.mtl_lab as string) as Record<string, unknown>;
      meta[key] = value;
      h.__metadata__.mtl_lab = JSON.stringify(meta);
    }),
    expected: /model description|newer MTL Lab|config stored in the file/,
  })),
  fc
    .uint8Array({ maxLength: 300 })
    .map((bytes) => ({ kind: 'random bytes', input: bytes, expected: /./ })),
  fc.uint8Array({ maxLength: 100 }).map((rest) => ({
    kind: 'PNG',
    input: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...rest]),
    expected: /PNG image/,
  })),
  fc
    .array(
      fc.array(
        fc.oneof(fc.double({ noNaN: true }).map(String), fc.stringMatching(/^[a-z]{1,8}$/)),
        { minLength: 2, maxLength: 5 },
      ),
      { minLength: 2, maxLength: 6 },
    )
    .map((rows) => ({
      kind: 'CSV',
      input: new TextEncoder().encode(`${rows.map((r) => r.join(',')).join('\n')}\n`),
      expected: /text file|model.json/,
    })),
  fc.nat().map((n) => ({
    kind: 'tfjs truncated bin',
    input: { json: tfjs.json, bin: tfjs.bin.slice(0, n % tfjs.bin.length) },
    expected: /truncated/,
  })),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((extra) => ({
    kind: 'tfjs extra bytes',
    input: { json: tfjs.json, bin: new Uint8Array([...tfjs.bin, ...extra]) },
    expected: /bytes more than model.json describes/,
  })),
  fc.nat().map((n) => ({
    kind: 'tfjs cut JSON',
    input: { json: tfjs.json.slice(0, n % tfjs.json.length), bin: tfjs.bin },
    expected: /model.json is (empty|not valid JSON)/,
  })),
);

const bitFlip: fc.Arbitrary<Case> = fc
  .tuple(fc.nat(), fc.integer({ min: 0, max: 7 }))
  .map(([n, bit]) => {
    const bytes = lab.slice();
    bytes[n % bytes.length] ^= 1 << bit;
    return { kind: 'bit flip', input: bytes, expected: null };
  });

describe('importModelFile on damaged files', () => {
  it('rejects every damaged file with a specific message and never throws', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: cases, weight: 4 }, { arbitrary: bitFlip, weight: 1 }),
        ({ kind, input, expected }) => {
          const result = importModelFile(input);
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          if (result.ok) {
            expect(expected).toBeNull();
            return;
          }
          expect(result.message.length).toBeGreaterThan(10);
          expect(result.message).not.toMatch(/could not be read/);
          if (expected && !expected.test(result.message)) {
            throw new Error(
              `${kind}: message ${JSON.stringify(result.message)} does not match ${expected}`,
            );
          }
        },
      ),
      { numRuns: 1200 },
    );
    const mustFail = [...seen]
      .filter(([kind]) => kind !== 'bit flip')
      .reduce((n, [, count]) => n + count, 0);
    expect(mustFail).toBeGreaterThanOrEqual(800);
    expect(seen.size).toBe(17);
  });
});
