/**
 * Seeded pseudo-random numbers for the data side. The generator must be reproducible from one
 * integer seed (recorded in exports and share links), and identical in Node, the page and a Web
 * Worker, so we cannot use Math.random. xoshiro128** is small, fast in 32-bit JS arithmetic and
 * statistically strong for simulation; its 128-bit state is filled through splitmix32 so that
 * nearby seeds (1, 2, 3, ...) give unrelated streams.
 *
 * Sub-streams: each consumer (basis U, train features, test noise, label masks, ...) gets its own
 * generator derived from (seed, name). Changing how many numbers one consumer draws, e.g. the
 * number of test rows, therefore never shifts the numbers another consumer sees.
 */

/** One step of splitmix32; returns the new state and a well-mixed 32-bit output. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a hash of a stream name, so that streams can be named rather than numbered. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** The second normal of a polar-method pair, kept for the next call. */
  private spareNormal: number | null = null;

  /**
   * @param seed any integer; only its low 32 bits matter.
   * @param stream name of an independent sub-stream ('' = the root stream).
   */
  constructor(
    readonly seed: number,
    readonly stream = '',
  ) {
    let state = (seed | 0) ^ Math.imul(hashName(stream), 0x9e3779b1);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(state);
      state = next;
      words.push(out);
    }
    // xoshiro must not start from the all-zero state (it would stay zero forever).
    if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
    [this.s0, this.s1, this.s2, this.s3] = words;
  }

  /** An independent generator for a named consumer, derived from this one's seed and name. */
  derive(name: string): Rng {
    return new Rng(this.seed, this.stream ? `${this.stream}/${name}` : name);
  }

  /** Next raw 32-bit output of xoshiro128**, as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits, the full precision of a float64. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / TWO_POW_53;
  }

  /** Uniform integer in [0, n), without modulo bias for the small n used here. */
  integer(n: number): number {
    if (!(n >= 1) || n > TWO_POW_32)
      throw new RangeError(`integer(n) needs 1 <= n <= 2^32, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal by Marsaglia's polar method: exact (no tail truncation, unlike inverse-CDF
   * approximations) and free of trigonometric calls; each accepted pair yields two normals.
   */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** Fill an array with independent standard normals. */
  fillNormal<A extends Float64Array | Float32Array>(out: A): A {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }
}

/** A generator for (seed, stream name). */
export function createRng(seed: number, stream = ''): Rng {
  return new Rng(seed, stream);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.integer(i + 1);
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}
