import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../data/types';
import { explainDeltaM } from './deltaMExplain';

const tasks: TaskInfo[] = [
  { name: 'task_0', kind: 'regression', outputs: 1 },
  { name: 'task_1', kind: 'regression', outputs: 1 },
];

describe('Δm in words', () => {
  it('names the task that carries a large negative Δm and flags a tiny baseline', () => {
    // The case: task_0 MSE 0.074 against 0.017 alone (R² 0.98 alone), task_1 a bit better.
    const e = explainDeltaM(
      tasks,
      [{ loss: 0.074 }, { loss: 0.5 }],
      [
        { loss: 0.017, r2: 0.98 },
        { loss: 0.6, r2: 0.7 },
      ],
    );
    expect(e.tasks[0].change).toBeCloseTo(-335.29, 1);
    expect(e.tasks[1].change).toBeCloseTo(16.67, 1);
    expect(e.deltaM).toBeCloseTo((-335.29 + 16.67) / 2, 1);
    expect(e.tasks.map((t) => t.tinyBaseline)).toEqual([true, false]);
    expect(e.meaning).toContain('1 better, 1 worse');
    expect(e.meaning).toContain('Most of it is task_0 (−335 %');
    expect(e.meaning).toContain('task_0: the single-task MSE is tiny');
  });

  it('says nothing about one task or tiny baselines when the changes are balanced', () => {
    const e = explainDeltaM(
      tasks,
      [{ loss: 0.9 }, { loss: 0.45 }],
      [
        { loss: 1, r2: 0.5 },
        { loss: 0.5, r2: 0.6 },
      ],
    );
    expect(e.deltaM).toBeCloseTo(10, 6);
    expect(e.meaning).not.toContain('Most of it');
    expect(e.meaning).not.toContain('tiny');
  });
});
