import { describe, expect, it } from 'vitest';
import { createRng, permutation } from './random';

function draws(seed: number, stream: string, n: number): number[] {
  const rng = createRng(seed, stream);
  return Array.from({ length: n }, () => rng.normal());
}

describe('seeded random numbers', () => {
  it('repeats exactly for the same seed and stream', () => {
    expect(draws(42, 'x', 1000)).toEqual(draws(42, 'x', 1000));
  });

  it('differs between seeds and between named streams', () => {
    const base = draws(42, 'x', 100);
    expect(draws(43, 'x', 100)).not.toEqual(base);
    expect(draws(42, 'y', 100)).not.toEqual(base);
    expect(createRng(42).derive('x').normal()).not.toBe(createRng(42).derive('y').normal());
  });

  it('gives uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(1);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    // Standard error of the mean is sqrt(1/12 / n) = 6.5e-4; allow 5 of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('gives normals with the moments of N(0, 1)', () => {
    const rng = createRng(7);
    const n = 200_000;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      m1 += z;
      m2 += z * z;
      m3 += z ** 3;
      m4 += z ** 4;
    }
    // Standard errors: sqrt(1/n), sqrt(2/n), sqrt(15/n), sqrt(96/n).
    expect(Math.abs(m1 / n)).toBeLessThan(5 * Math.sqrt(1 / n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m3 / n)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('makes permutations that contain every index once', () => {
    const p = Array.from(permutation(1000, createRng(3)));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
