/** MMoEEx exclusivity / exclusion (reference seed-systems §2 "Test properties"). */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it, test } from 'vitest';
import { tf } from '../tf';
import type { ArchitectureId, ModelConfig } from '../config/schema';
import { createTrainer } from '../train/trainer';
import { datasetFor, smallConfig, testEw } from '../train/testing';
import { expertOwners, openCells } from './exclusivity';
import { gateOpenCells } from './registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('assignment', () => {
  it('assigns ⌊n·p⌋ experts (capped), reproducibly from the seed', () => {
    for (const [n, p] of [
      [12, 0.75],
      [8, 0.5],
      [4, 0.55],
      [5, 0],
    ]) {
      const owners = expertOwners(n, 3, p, 7);
      expect(owners.filter((o) => o >= 0)).toHaveLength(Math.floor(n * p));
      owners.forEach((o) => expect(o).toBeLessThan(3));
      expect(expertOwners(n, 3, p, 7)).toEqual(owners);
    }
    expect(expertOwners(4, 2, 1, 1, 3).filter((o) => o >= 0)).toHaveLength(3);
    const seeds = new Set(
      Array.from({ length: 10 }, (_, s) => expertOwners(12, 3, 0.75, s).join()),
    );
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('exclusivity opens an owned expert to its owner only; exclusion closes it for its owner only', () => {
    const owners = [1, -1, 0];
    expect(openCells(owners, 2, 'exclusivity')).toEqual([
      [0, 1, 1],
      [1, 1, 0],
    ]);
    expect(openCells(owners, 2, 'exclusion')).toEqual([
      [1, 1, 0],
      [0, 1, 1],
    ]);
  });

  it('CGC/PLE: own experts stay open, the shared ones are assigned', () => {
    const config = { ...smallConfig().model, taskExperts: 2, sharedExperts: 3 };
    const open = gateOpenCells(
      'cgc',
      { ...config, exclusivity: 'exclusivity', exclusivityFraction: 1 },
      3,
    )!;
    open.forEach((row) => expect(row.slice(0, 2)).toEqual([1, 1]));
    // Every shared expert has an owner, so each column is open for exactly one task.
    for (let e = 2; e < 5; e++) expect(open.reduce((s, row) => s + row[e], 0)).toBe(1);
  });
});

function mmoeConfig(architecture: ArchitectureId, model: Partial<ModelConfig>) {
  return smallConfig(
    { features: 6, samples: 400, rho: 0.8 },
    { architecture, hidden: [8], tower: [4], experts: 4, sharedExperts: 3, ...model },
    { batchSize: 32, learningRate: 1e-2 },
  );
}

async function trained(architecture: ArchitectureId, model: Partial<ModelConfig>, steps = 20) {
  const config = mmoeConfig(architecture, model);
  const trainer = await createTrainer({
    config,
    dataset: datasetFor(config),
    method: testEw,
    options: { testLossEvery: 1 },
  });
  const first = await trainer.snapshot();
  await trainer.train(steps);
  const snap = await trainer.snapshot();
  const preds = await trainer.predict('test');
  const weights = await trainer.exportWeights();
  trainer.dispose();
  return { first, snap, preds, weights, config };
}

test.each(['mmoe', 'cgc', 'ple'] as const)(
  '%s: p = 0 equals the plain architecture bit for bit',
  async (arch) => {
    const plain = await trained(arch, {});
    const zero = await trained(arch, { exclusivity: 'exclusivity', exclusivityFraction: 0 });
    expect(zero.preds).toEqual(plain.preds);
  },
);

test.each([
  ['mmoe', 'exclusivity'],
  ['mmoe', 'exclusion'],
  ['cgc', 'exclusivity'],
  ['ple', 'exclusion'],
] as const)(
  '%s %s: closed gate weights are exactly 0 after training; rows sum to 1',
  async (arch, mode) => {
    const model = { exclusivity: mode, exclusivityFraction: 0.75, exclusivitySeed: 3 } as const;
    const { snap, first, config } = await trained(arch, model);
    const open = gateOpenCells(arch, config.model, 3)!;
    expect(open.flat()).toContain(0);
    for (const gates of [first.gates!, snap.gates!]) {
      gates.forEach((row, t) => {
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        row.forEach((v, e) => (open[t][e] ? expect(v).toBeGreaterThan(0) : expect(v).toBe(0)));
      });
    }
    expect(snap.diverged).toBe(false);
  },
);

test('pinned (official code): the closed kernel columns and biases never move; the expert keeps weight', async () => {
  const model = {
    exclusivity: 'exclusivity',
    exclusivityGate: 'pinned',
    exclusivitySeed: 3,
  } as const;
  const before = await trained('mmoe', model, 0);
  const after = await trained('mmoe', model, 25);
  const open = gateOpenCells('mmoe', after.config.model, 3)!;
  const E = 4;
  const pick = (w: typeof before.weights, name: string) => w.find((t) => t.name === name)!.values;
  const k0 = pick(before.weights, 'gate/kernel');
  const k1 = pick(after.weights, 'gate/kernel');
  const b0 = pick(before.weights, 'gate/bias');
  const b1 = pick(after.weights, 'gate/bias');
  const F = k0.length / (3 * E);
  let closedChecked = 0;
  let openMoved = false;
  for (let t = 0; t < 3; t++) {
    for (let e = 0; e < E; e++) {
      for (let f = 0; f < F; f++) {
        const k = (t * F + f) * E + e;
        if (open[t][e]) openMoved ||= k0[k] !== k1[k];
        else expect(k1[k]).toBe(k0[k]);
      }
      if (!open[t][e]) {
        expect(b1[t * E + e]).toBe(b0[t * E + e]);
        closedChecked++;
      }
    }
  }
  expect(closedChecked).toBeGreaterThan(0);
  expect(openMoved).toBe(true);
  // The pinned logit still gives the closed expert some weight.
  after.snap.gates!.forEach((row, t) =>
    row.forEach((v, e) => {
      if (!open[t][e]) expect(v).toBeGreaterThan(0);
    }),
  );
});
