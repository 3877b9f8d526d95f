import { describe, expect, test } from 'vitest';
import type { Snapshot } from '../core/train/types';
import { RunsGroup, type GroupTrainer } from './runsGroup';
import type { RunsSnapshot } from './protocol/runs';

function fake(log: string[], name: string): GroupTrainer {
  let step = 0;
  return {
    get step() {
      return step;
    },
    async train(steps) {
      log.push(`${name}:${steps}`);
      step += steps;
      await new Promise((r) => setTimeout(r, 1));
    },
    async snapshot() {
      return {
        step,
        epoch: 0,
        trainLoss: [1 / (step + 1)],
        testLoss: [1],
        methodWeights: null,
        conflict: null,
        gates: null,
        attention: null,
        diverged: false,
      } as Snapshot;
    },
    async evaluate() {
      return [{ loss: 1 / (step + 1) }];
    },
    dispose() {},
  };
}

describe('RunsGroup', () => {
  test('eight runs advance in lockstep, round-robin, with one batched message per publish', async () => {
    const log: string[] = [];
    const events: RunsSnapshot[] = [];
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const group = new RunsGroup(
      names.map((n) => fake(log, n)),
      1,
      (s) => events.push(s),
      () => {},
    );
    const snapshot = await group.runSteps(40);
    expect(snapshot.runs.map((r) => r.step)).toEqual(names.map(() => 40));
    // Within each round every run trains the same number of steps, in order.
    for (let i = 0; i < log.length; i += names.length) {
      const round = log.slice(i, i + names.length);
      expect(round.map((e) => e.split(':')[0])).toEqual(names);
      expect(new Set(round.map((e) => e.split(':')[1])).size).toBe(1);
    }
    expect(events.every((e) => e.runs.length === 8)).toBe(true);
  });

  test('the free-running loop publishes at most 20 batched snapshots a second', async () => {
    const events: RunsSnapshot[] = [];
    const group = new RunsGroup(
      ['a', 'b', 'c'].map((n) => fake([], n)),
      1,
      (s) => events.push(s),
      () => {},
    );
    group.start();
    await new Promise((r) => setTimeout(r, 1000));
    await group.stop();
    expect(events.length).toBeGreaterThan(3);
    expect(events.length).toBeLessThanOrEqual(21);
    const last = events[events.length - 1];
    expect(new Set(last.runs.map((r) => r.step)).size).toBe(1);
  });

  test('a restarted run starts again from step 0 while the others keep theirs', async () => {
    const group = new RunsGroup(
      [fake([], 'a'), fake([], 'b')],
      1,
      () => {},
      () => {},
    );
    await group.runSteps(5);
    group.replace(1, fake([], 'b2'));
    expect((await group.publish()).runs.map((r) => r.step)).toEqual([5, 0]);
  });
});
