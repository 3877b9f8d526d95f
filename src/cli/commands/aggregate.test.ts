import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { METHOD_IDS } from '../../core/methods/registry';
import { aggregateCommand, aggregateOnce } from './aggregate';

const grads = [
  [-4, 1, 1],
  [6, 1, 1],
];

describe('cli aggregate', () => {
  it('FULLER gives every task (representation) gradient the mean length', () => {
    // ‖g_1‖ = √18, ‖g_2‖ = √38: each row is rescaled to their mean before the sum.
    const { direction, weights } = aggregateOnce('fuller', { grads });
    const mean = (Math.sqrt(18) + Math.sqrt(38)) / 2;
    expect(weights?.[0]).toBeCloseTo(mean / Math.sqrt(18), 12);
    expect(weights?.[1]).toBeCloseTo(mean / Math.sqrt(38), 12);
    expect(direction[1]).toBeCloseTo(mean / Math.sqrt(18) + mean / Math.sqrt(38), 12);
  });

  it('EW sums the gradients (LibMTL convention)', () => {
    expect(aggregateOnce('ew', { grads })).toEqual({ direction: [2, 2, 2], weights: [1, 1] });
  });

  it('--loss-transform log scales each gradient by 1/ℓ_i before the method (EW: Σ g_i/ℓ_i)', () => {
    const losses = [2, 0.5];
    const { direction, weights } = aggregateOnce('ew', { grads, losses }, 'log');
    expect(weights).toEqual([0.5, 2]);
    expect(direction).toEqual([-2 + 12, 0.5 + 2, 0.5 + 2]);
    // IGBv1 has no base at its first step, so it equals log-losses there.
    expect(aggregateOnce('pcgrad', { grads, losses }, 'igbv1')).toEqual(
      aggregateOnce('pcgrad', { grads, losses }, 'log'),
    );
    expect(() => aggregateOnce('pcgrad', { grads }, 'log')).toThrow(/needs the 2 task losses/);
  });

  it('--loss-transform igbv2 at its first step: random log-loss weights w > 0, Σw = T, seeded', () => {
    const losses = [2, 0.5];
    const once = (seed: number) =>
      aggregateOnce('ew', { grads, losses, options: { seed } }, 'igbv2');
    const { direction, weights } = once(1);
    const w = weights!.map((c, i) => c * losses[i]);
    w.forEach((v) => expect(v).toBeGreaterThan(0));
    expect(w[0] + w[1]).toBeCloseTo(2, 12);
    direction.forEach((d, k) =>
      expect(d).toBeCloseTo(weights![0] * grads[0][k] + weights![1] * grads[1][k], 12),
    );
    expect(once(1)).toEqual({ direction, weights });
    expect(once(2).weights).not.toEqual(weights);
  });

  it('UPGrad reproduces the TorchJD example', () => {
    const { direction, weights } = aggregateOnce('upgrad', { grads });
    [1.1109, 0.7894].forEach((v, i) => expect(weights?.[i]).toBeCloseTo(v, 4));
    [0.2929, 1.9004, 1.9004].forEach((v, k) => expect(direction[k]).toBeCloseTo(v, 4));
  });

  it('Nash-MTL is clipped to max_norm 1 with weights scaled to match; max_norm 0 leaves ‖d‖² = T', () => {
    const clipped = aggregateOnce('nashmtl', { grads });
    expect(Math.hypot(...clipped.direction)).toBeCloseTo(1, 9);
    const free = aggregateOnce('nashmtl', { grads, options: { max_norm: 0 } });
    expect(free.direction.reduce((s, v) => s + v * v, 0)).toBeCloseTo(2, 9);
    const ratio = (clipped.weights?.[0] ?? 0) / (free.weights?.[0] ?? 1);
    clipped.direction.forEach((v, k) => expect(v).toBeCloseTo(ratio * free.direction[k], 9));
  });

  it('stochastic methods are reproducible from the seed option and change with it', () => {
    const many = {
      grads: [
        [1, -2, 3, -1],
        [-2, 1, -1, 2],
        [0.5, 0.5, -3, 1],
      ],
    };
    const a = aggregateOnce('rlw', many);
    expect(aggregateOnce('rlw', many)).toEqual(a);
    expect(aggregateOnce('rlw', { ...many, options: { seed: 1 } })).toEqual(a);
    expect(aggregateOnce('rlw', { ...many, options: { seed: 2 } })).not.toEqual(a);
    expect(aggregateOnce('graddrop', many).weights).toBeNull();
  });

  it('FAMO uses the initial state: weights (1/ℓ_i)/Σ(1/ℓ_j) from the given losses', () => {
    const { weights } = aggregateOnce('famo', { grads, losses: [1, 3] });
    expect(weights?.[0]).toBeCloseTo(0.75, 7);
    expect(weights?.[1]).toBeCloseTo(0.25, 7);
  });

  it('runs every registered method (with losses) to a finite update', () => {
    for (const id of METHOD_IDS) {
      const out = aggregateOnce(id, { grads, losses: [0.5, 2] });
      expect(out.direction).toHaveLength(3);
      expect(out.direction.every(Number.isFinite)).toBe(true);
    }
  });

  it('rejects bad input with one clear line', () => {
    const oneLine = (fn: () => unknown, pattern: RegExp) => {
      expect(fn).toThrow(pattern);
      try {
        fn();
      } catch (error) {
        expect(String(error instanceof Error ? error.message : error)).not.toContain('\n');
      }
    };
    oneLine(
      () => aggregateOnce('nope', { grads }),
      /unknown method "nope"; valid methods: ew, rlw/,
    );
    oneLine(() => aggregateOnce('ew', { grad: grads }), /invalid aggregate input/);
    oneLine(
      () => aggregateOnce('ew', { grads: [[1, 2], [3]] }),
      /"grads" row 1 has 1 entries, expected 2/,
    );
    oneLine(() => aggregateOnce('ew', { grads: [] }), /"grads"/);
    oneLine(
      () => aggregateOnce('ew', { grads, losses: [1] }),
      /"losses" has 1 entries, expected one per task \(2\)/,
    );
    oneLine(
      () => aggregateOnce('cagrad', { grads, options: { c: -2 } }),
      /option "c" of method "cagrad" must be between/,
    );
    oneLine(
      () => aggregateOnce('gradnorm', { grads }),
      /method "gradnorm" needs the 2 task losses/,
    );
    oneLine(
      () => aggregateOnce('rlw', { grads, options: { seed: 1.5 } }),
      /option "seed" must be an integer/,
    );
  });

  it('the command reads the file, prints JSON, and names a missing or invalid file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtl-aggregate-'));
    const file = join(dir, 'in.json');
    writeFileSync(file, JSON.stringify({ grads, options: { c: 0.4 } }));
    const chunks: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      await aggregateCommand.run(['--method', 'cagrad', '--in', file]);
    } finally {
      spy.mockRestore();
    }
    const printed = JSON.parse(chunks.join('')) as { direction: number[]; weights: number[] };
    expect(printed.direction).toHaveLength(3);
    expect(printed.weights).toHaveLength(2);
    await expect(
      aggregateCommand.run(['--method', 'ew', '--in', join(dir, 'missing.json')]),
    ).rejects.toThrow(/cannot read --in file/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"grads": [1,');
    await expect(aggregateCommand.run(['--method', 'ew', '--in', bad])).rejects.toThrow(
      /not valid JSON/,
    );
    await expect(aggregateCommand.run(['--in', file])).rejects.toThrow(/--method is required/);
    await expect(aggregateCommand.run(['--method', 'xx', '--in', file])).rejects.toThrow(
      /unknown method "xx"/,
    );
  });
});
