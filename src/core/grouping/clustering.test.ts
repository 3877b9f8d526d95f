import { describe, expect, test } from 'vitest';
import { createRandom } from '../model/random';
import { clusterTasks, CLUSTER_MODES, fuzzyMemberships, hardGroups, kmeans } from './clustering';
import { ensembleTable } from './ensemble';

const random = createRandom(7);
const point = (n: number) => Array.from({ length: n }, () => random());

describe('clustering', () => {
  test('fuzzy rows sum to 1 and become one-hot as m → 1⁺', () => {
    for (let trial = 0; trial < 20; trial++) {
      const x = Array.from({ length: 6 }, () => point(5));
      const centroids = Array.from({ length: 3 }, () => point(5));
      for (const m of [1.07, 1.5, 2, 3]) {
        for (const row of fuzzyMemberships(x, centroids, m)) {
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        }
      }
      // The largest membership grows as m falls towards 1 and reaches 1 (one-hot).
      const tops = [3, 2, 1.07, 1.001].map((m) =>
        fuzzyMemberships(x, centroids, m).map((row) => Math.max(...row)),
      );
      for (let k = 1; k < tops.length; k++) {
        tops[k].forEach((v, i) => expect(v).toBeGreaterThanOrEqual(tops[k - 1][i] - 1e-12));
      }
      expect(Math.min(...tops[3])).toBeGreaterThan(0.99);
    }
  });

  test('m = 1.07 is nearly hard, m = 2 is soft', () => {
    const x = [
      [0.1, 0],
      [0.9, 0],
    ];
    const c = [
      [0, 0],
      [1, 0],
    ];
    expect(Math.max(...fuzzyMemberships(x, c, 1.07)[0])).toBeGreaterThan(0.99);
    expect(Math.max(...fuzzyMemberships([[0.4, 0]], c, 2)[0])).toBeLessThan(0.75);
  });

  test('every mode returns rows that sum to 1 and separates two obvious clusters', () => {
    const features = [
      [0, 0, 0],
      [0.1, 0, 0],
      [5, 5, 5],
      [5.1, 5, 5],
    ];
    const points = features.map((f) => [f.slice(0, 2), f.slice(1, 3)]);
    for (const mode of CLUSTER_MODES) {
      const U = clusterTasks({ features, points, clusters: 2, mode, seed: 3 });
      U.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9));
      const groups = hardGroups(U)
        .map((g) => g.join())
        .sort();
      expect(groups, mode).toEqual(['0,1', '2,3']);
    }
  });

  test('a duplicated task gets exactly the same memberships', () => {
    const features = Array.from({ length: 4 }, () => point(12));
    features.push(features[1].slice());
    for (const mode of ['fuzzy-from-kmeans', 'fuzzy-cmeans', 'hard-kmeans'] as const) {
      const U = clusterTasks({ features, clusters: 2, mode, seed: 1 });
      expect(U[4]).toEqual(U[1]);
    }
  });

  test('k-means is deterministic for a seed and never worse than one restart', () => {
    const pts = Array.from({ length: 40 }, () => point(2));
    expect(kmeans(pts, 3, 5)).toEqual(kmeans(pts, 3, 5));
    expect(kmeans(pts, 3, 5).inertia).toBeLessThanOrEqual(kmeans(pts, 3, 5, 1).inertia + 1e-12);
  });
});

describe('ensemble', () => {
  test('one group with membership 1 is the model itself; weights mix logits per task', () => {
    const a = { values: Float32Array.from([1, 2, 3, 4]), stride: 2, width: 1 };
    const b = { values: Float32Array.from([10, 20, 30, 40]), stride: 2, width: 1 };
    expect(Array.from(ensembleTable([a], [[1], [1]]).values)).toEqual([1, 2, 3, 4]);
    const mixed = ensembleTable(
      [a, b],
      [
        [0.25, 0.75],
        [1, 0],
      ],
    );
    expect(Array.from(mixed.values)).toEqual([7.75, 15.5, 3, 4]);
  });
});
