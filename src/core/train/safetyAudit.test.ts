/**
 * The safety audit (safetyAudit.ts): per-task gains with each metric's direction, the seed-noise
 * tolerance, and the flag (the whole audit on a trained run: src/worker/safetyAuditJob.test.ts).
 */
import { describe, expect, test } from 'vitest';
import type { TaskInfo } from '../data/types';
import { auditSeeds, NOISE_FACTOR, safetyAudit } from './safetyAudit';

const regression: TaskInfo = { name: 'task_0', kind: 'regression', outputs: 1 };
const binary: TaskInfo = { name: 'task_1', kind: 'binary', outputs: 1 };

describe('safetyAudit', () => {
  // STL MSEs 1.0, 1.2, 1.4 (mean 1.2, sd 0.2); AUCs 0.80, 0.82, 0.84 (mean 0.82, sd 0.02).
  const stl = [1.0, 1.2, 1.4].map((loss, s) => [{ loss }, { loss: 0, auc: 0.8 + 0.02 * s }]);
  const seeds = [1, 2, 3];

  test('gain has each metric’s direction; mean and sample sd over the seeds', () => {
    const audit = safetyAudit(
      [regression, binary],
      [{ loss: 1.0 }, { loss: 0, auc: 0.85 }],
      stl,
      seeds,
    );
    expect(audit.tasks[0].stlMean).toBeCloseTo(1.2, 12);
    expect(audit.tasks[0].stlStd).toBeCloseTo(0.2, 12);
    expect(audit.tasks[0].gain).toBeCloseTo(0.2, 12); // lower MSE is better
    expect(audit.tasks[1].stlStd).toBeCloseTo(0.02, 12);
    expect(audit.tasks[1].gain).toBeCloseTo(0.03, 12); // higher AUC is better
    expect(audit.tasks[0].tolerance).toBeCloseTo(NOISE_FACTOR * 0.2, 12);
    expect(audit.negativeCount).toBe(0);
  });

  test('worse within seed noise is safe; beyond it is negative sharing', () => {
    // MSE 1.55: 0.35 worse, inside 2 sd = 0.4. AUC 0.77: 0.05 worse, beyond 2 sd = 0.04.
    const inside = safetyAudit(
      [regression, binary],
      [{ loss: 1.55 }, { loss: 0, auc: 0.77 }],
      stl,
      seeds,
    );
    expect(inside.tasks.map((t) => t.negative)).toEqual([false, true]);
    expect(inside.negativeCount).toBe(1);
    const beyond = safetyAudit(
      [regression, binary],
      [{ loss: 1.65 }, { loss: 0, auc: 0.79 }],
      stl,
      seeds,
    );
    expect(beyond.tasks.map((t) => t.negative)).toEqual([true, false]);
  });

  test('one seed: any loss beyond rounding is flagged; a bit-identical run is not', () => {
    const one = [[{ loss: 1 }]];
    expect(safetyAudit([regression], [{ loss: 1 }], one, [5]).negativeCount).toBe(0);
    expect(safetyAudit([regression], [{ loss: 1.001 }], one, [5]).negativeCount).toBe(1);
  });

  test('seeds start at the run’s own; a mismatch is refused', () => {
    expect(auditSeeds(7, 3)).toEqual([7, 8, 9]);
    expect(() => safetyAudit([regression], [{ loss: 1 }], [], [])).toThrow(
      /one STL result per seed/,
    );
  });
});
