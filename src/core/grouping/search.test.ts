import { describe, expect, test } from 'vitest';
import { lookaheadAffinity } from './affinity';
import { groupingMemberships, searchGroupings } from './search';

/** Affinity with blocks: +a inside a block, −b across (diagonal ignored by the search). */
function planted(blocks: number[][], inside = 1, across = -0.5): number[][] {
  const T = blocks.flat().length;
  const block = (t: number) => blocks.findIndex((b) => b.includes(t));
  return Array.from({ length: T }, (_, i) =>
    Array.from({ length: T }, (_, j) => (block(i) === block(j) ? inside : across)),
  );
}

describe('TAG group search', () => {
  test.each([
    [
      [
        [0, 1],
        [2, 3],
      ],
      2,
    ],
    [
      [
        [0, 2, 4],
        [1, 3, 5],
      ],
      2,
    ],
    [
      [
        [0, 3],
        [1, 4, 6],
        [2, 5, 7],
      ],
      3,
    ],
  ])('a planted block-diagonal affinity returns the blocks (%j)', (blocks, k) => {
    const result = searchGroupings(planted(blocks), k);
    const sorted = (g: number[][]) => g.map((x) => x.join()).sort();
    expect(sorted(result.groups)).toEqual(sorted(blocks));
    expect(result.value).toBeCloseTo(1, 12);
  });

  test('each task is scored by the affinity ONTO it (column j), mean over the other members', () => {
    // Task 0 helps 1 and 2 a lot but nothing helps task 0: orientation decides the grouping value.
    const z = [
      [0, 2, 2],
      [-1, 0, 0],
      [-1, 0, 0],
    ];
    const one = searchGroupings(z, 1);
    expect(one.groups).toEqual([[0, 1, 2]]);
    // s(0) = mean(z[1][0], z[2][0]) = -1; s(1) = mean(2, 0) = 1; s(2) = 1.
    expect(one.value).toBeCloseTo((-1 + 1 + 1) / 3, 12);
    const two = searchGroupings(z, 2);
    // {0,1} serves 1 with 2, {0,2} serves 2 with 2, task 0 gets -1 either way.
    expect(two.value).toBeCloseTo((-1 + 2 + 2) / 3, 12);
  });

  test('served-by and memberships follow the best group', () => {
    const result = searchGroupings(
      planted([
        [0, 1],
        [2, 3],
      ]),
      2,
    );
    const { train, serve } = groupingMemberships(result, 4);
    for (let t = 0; t < 4; t++) {
      expect(train[t][result.servedBy[t]]).toBe(1);
      expect(serve[t].reduce((a, b) => a + b, 0)).toBe(1);
    }
  });

  test('T = 8 with 3 groups finishes (exhaustive) and rejects 9 tasks', () => {
    const start = Date.now();
    const r = searchGroupings(
      planted([
        [0, 1, 2],
        [3, 4, 5],
        [6, 7],
      ]),
      3,
    );
    expect(r.groups.length).toBe(3);
    expect(Date.now() - start).toBeLessThan(20000);
    expect(() => searchGroupings(planted([[0, 1, 2, 3, 4, 5, 6, 7, 8]]), 2)).toThrow(/up to 8/);
  });

  test('lookahead affinity: positive when task i lowers task j, divided by the step', () => {
    const z = lookaheadAffinity([2, 4], [1, 5, 2, 3], 0.1);
    expect(z[0][0]).toBeCloseTo((1 - 1 / 2) / 0.1, 12);
    expect(z[0][1]).toBeCloseTo((1 - 5 / 4) / 0.1, 12);
    expect(z[1][0]).toBeCloseTo(0, 12);
    expect(z[1][1]).toBeCloseTo((1 - 3 / 4) / 0.1, 12);
  });
});
