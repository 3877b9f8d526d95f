import { expect, test } from 'vitest';
import type { Snapshot } from '../core/train/types';
import {
  CONFLICT_EMA_ALPHA,
  appendPoint,
  emptyMicroscopeHistory,
  emptySeries,
  recordSnapshot,
} from './microscopeHistory';

function snap(
  step: number,
  conflictStep: number,
  rate: number,
  runId = 1,
): Snapshot & { runId: number } {
  return {
    runId,
    step,
    epoch: 0,
    trainLoss: [1, 1],
    testLoss: [1, 2],
    methodWeights: [1, 1],
    conflict: {
      step: conflictStep,
      cosine: [
        [1, rate > 0 ? -0.5 : 0.5],
        [rate > 0 ? -0.5 : 0.5, 1],
      ],
      norms: [1, 2],
      conflictRate: rate,
      conditionNumber: 2,
    },
    gates: null,
    attention: null,
    diverged: false,
  };
}

test('one conflict point per new measurement; the rate is smoothed by an EMA', () => {
  let h = emptyMicroscopeHistory(1);
  h = recordSnapshot(h, snap(5, 0, 1));
  h = recordSnapshot(h, snap(8, 0, 1)); // same measurement again: not a new point
  h = recordSnapshot(h, snap(12, 10, 0));
  expect(h.cosines.points.map((p) => p.step)).toEqual([0, 10]);
  expect(h.cosines.points[0].values).toEqual([-0.5]);
  expect(h.rateEma).toBeCloseTo(1 - CONFLICT_EMA_ALPHA, 12);
  expect(h.methodWeights.points).toHaveLength(3);
  expect(h.testLoss.points).toHaveLength(1); // unchanged test loss is not repeated
});

test('a new run starts an empty history', () => {
  const h = recordSnapshot(
    recordSnapshot(emptyMicroscopeHistory(1), snap(5, 0, 1)),
    snap(1, 0, 0, 2),
  );
  expect(h.runId).toBe(2);
  expect(h.rateEma).toBe(0);
  expect(h.cosines.points).toHaveLength(1);
});

test('a full series halves itself and keeps the newest point', () => {
  let s = emptySeries(4);
  for (let step = 0; step < 5; step++) s = appendPoint(s, { step, values: [step] });
  expect(s.points.map((p) => p.step)).toEqual([0, 2, 4]);
});
