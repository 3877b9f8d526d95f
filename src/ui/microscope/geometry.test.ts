import { describe, expect, test } from 'vitest';
import { choleskyRows, decisionGeometry, dot, norm, project } from './geometry';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** T random gradients in R^P and their Gram matrix, norms and cosines. */
function randomTask(T: number, P: number, seed: number) {
  const rand = seeded(seed);
  const J = Array.from({ length: T }, () => Array.from({ length: P }, rand));
  const G = J.map((a) => J.map((b) => dot(a, b)));
  const norms = J.map(norm);
  const cosine = G.map((row, i) => row.map((g, j) => g / (norms[i] * norms[j])));
  return { J, G, norms, cosine };
}

describe.each([2, 3, 5])('T = %i', (T) => {
  test('coordinates keep every length and angle of the task gradients', () => {
    const { G, norms, cosine } = randomTask(T, 40, T);
    const { tasks } = decisionGeometry(cosine, norms, null);
    for (let i = 0; i < T; i++) {
      expect(norm(tasks[i])).toBeCloseTo(norms[i], 10);
      for (let j = 0; j < T; j++) expect(dot(tasks[i], tasks[j])).toBeCloseTo(G[i][j], 10);
    }
  });

  test('the update Σ w_i g_i keeps its length and its angles to each g_i', () => {
    const { J, norms, cosine } = randomTask(T, 30, 10 + T);
    const w = Array.from({ length: T }, (_, i) => 0.3 + i * 0.4);
    const d = J[0].map((_, k) => J.reduce((s, g, i) => s + w[i] * g[k], 0));
    const geometry = decisionGeometry(cosine, norms, w);
    expect(norm(geometry.update!)).toBeCloseTo(norm(d), 10);
    J.forEach((g, i) =>
      expect(geometry.cosUpdateTask[i]).toBeCloseTo(dot(g, d) / (norm(g) * norm(d)), 10),
    );
    const sum = J[0].map((_, k) => J.reduce((s, g) => s + g[k], 0));
    expect(geometry.cosUpdateMean).toBeCloseTo(dot(sum, d) / (norm(sum) * norm(d)), 10);
  });
});

test('a rank-deficient Gram matrix (g_3 = g_1 + g_2) still factors exactly', () => {
  const J = [
    [1, 2, 0, 1],
    [0, 1, 3, -1],
  ];
  J.push(J[0].map((v, k) => v + J[1][k]));
  const G = J.map((a) => J.map((b) => dot(a, b)));
  const L = choleskyRows(G);
  L.forEach((a, i) => L.forEach((b, j) => expect(dot(a, b)).toBeCloseTo(G[i][j], 9)));
  expect(L[2][2]).toBe(0);
});

test('opposite gradients: the plain sum cancels', () => {
  const geometry = decisionGeometry(
    [
      [1, -1],
      [-1, 1],
    ],
    [2, 2],
    [1, 1],
  );
  expect(norm(geometry.sum)).toBeCloseTo(0, 12);
  expect(geometry.tasks[1][0]).toBeCloseTo(-2, 12);
});

test('projection: 2-D vectors pass through, 3-D rotations keep length in the screen plane', () => {
  expect(project([3, 4], { azimuth: 1, elevation: 1 })).toEqual([3, 4]);
  const [x, y] = project([1, 2, 0], { azimuth: 0, elevation: 0 });
  expect([x, y]).toEqual([1, 2]);
  const p = project([0, 0, 1], { azimuth: Math.PI / 2, elevation: 0 });
  expect(p[0]).toBeCloseTo(-1, 12);
});
