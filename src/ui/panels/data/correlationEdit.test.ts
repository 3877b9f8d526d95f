import { describe, expect, it } from 'vitest';
import { suggestSimilarity } from '../../../core/data/validateData';
import { defaultConfig } from '../../../core/config/defaults';
import { proposeConfig, resizeCorrelation } from '../../../state/configPatch';
import {
  editableMatrix,
  isEquicorrelation,
  parseCell,
  setPair,
  taskPairs,
} from './correlationEdit';

describe('correlation editor helpers', () => {
  it('shows the rho matrix until a full matrix is set', () => {
    const data = { tasks: 3, rho: 0.4, correlation: null };
    expect(editableMatrix(data)).toEqual([
      [1, 0.4, 0.4],
      [0.4, 1, 0.4],
      [0.4, 0.4, 1],
    ]);
    const P = setPair(editableMatrix(data), 0, 2, -0.3);
    expect(editableMatrix({ ...data, correlation: P })[2][0]).toBe(-0.3);
  });

  it('falls back to the rho matrix when the full matrix has the wrong size', () => {
    expect(editableMatrix({ tasks: 2, rho: 0.1, correlation: [[1]] })).toEqual([
      [1, 0.1],
      [0.1, 1],
    ]);
  });

  it('edits a pair symmetrically and never the diagonal', () => {
    const P = setPair(
      [
        [1, 0],
        [0, 1],
      ],
      1,
      0,
      -0.8,
    );
    expect(P).toEqual([
      [1, -0.8],
      [-0.8, 1],
    ]);
    expect(setPair(P, 1, 1, 0.2)[1][1]).toBe(1);
  });

  it('lists each unordered pair once', () => {
    expect(taskPairs(3)).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(taskPairs(1)).toEqual([]);
  });

  it('resizes keeping existing pairs and filling new ones with rho', () => {
    const P = [
      [1, -0.5],
      [-0.5, 1],
    ];
    expect(resizeCorrelation(P, 3, 0.2)).toEqual([
      [1, -0.5, 0.2],
      [-0.5, 1, 0.2],
      [0.2, 0.2, 1],
    ]);
    expect(resizeCorrelation(P, 1, 0.2)).toEqual([[1]]);
  });

  it('changing the task count resizes a full matrix instead of invalidating it', () => {
    const base = defaultConfig();
    const P = setPair(editableMatrix(base.data), 0, 1, 0.3);
    const { candidate, validation } = proposeConfig(
      { ...base, data: { ...base.data, correlation: P } },
      { data: { tasks: 4 } },
    );
    expect(validation.ok).toBe(true);
    expect(candidate.data.correlation).toHaveLength(4);
    expect(candidate.data.correlation![1][0]).toBe(0.3);
    expect(candidate.data.correlation![3][0]).toBe(base.data.rho);
  });

  it('recognises an equicorrelation matrix', () => {
    expect(isEquicorrelation(editableMatrix({ tasks: 3, rho: 0.6, correlation: null }), 0.6)).toBe(
      true,
    );
    expect(
      isEquicorrelation(
        setPair(editableMatrix({ tasks: 3, rho: 0.6, correlation: null }), 0, 1, 0),
        0.6,
      ),
    ).toBe(false);
  });

  it('parses matrix cells strictly', () => {
    expect(parseCell('-0.8')).toBe(-0.8);
    expect(parseCell('')).toBeNaN();
    expect(parseCell('1.5')).toBeNaN();
    expect(parseCell('abc')).toBeNaN();
  });

  it('an edit that breaks positive semidefiniteness gets a nearest valid suggestion', () => {
    // Three tasks cannot be pairwise at -0.9: the editor must say so and offer a fix.
    const base = defaultConfig().data;
    let P = editableMatrix({ tasks: 3, rho: 0, correlation: null });
    for (const [i, j] of taskPairs(3)) P = setPair(P, i, j, -0.9);
    const suggestion = suggestSimilarity({ ...base, tasks: 3, correlation: P });
    expect(suggestion).not.toBeNull();
    expect(suggestion![0][1]).toBeGreaterThan(-0.51);
    const valid = editableMatrix({ tasks: 3, rho: -0.4, correlation: null });
    expect(suggestSimilarity({ ...base, tasks: 3, correlation: valid })).toBeNull();
  });
});
