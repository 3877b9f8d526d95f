import { expect, test } from 'vitest';
import { NEGLECT_STEPS, neglectedTasks, trackNeglect, type NeglectSince } from './taskNeglect';

function feed(snapshots: [number, number[] | null][]): NeglectSince {
  return snapshots.reduce<NeglectSince>((since, [step, w]) => trackNeglect(since, step, w), []);
}

test('a task held near zero weight for many steps is reported with the step it started', () => {
  const mgda = [0.6, 0.001, 0.399];
  const since = feed([
    [10, [0.3, 0.4, 0.3]],
    [20, mgda],
    [80, mgda],
    [150, mgda],
  ]);
  expect(neglectedTasks(since, 150, mgda)).toEqual([
    { task: 1, since: 20, share: expect.closeTo(0.001, 6) as number },
  ]);
});

test('a short dip, a recovery or random weights are not reported', () => {
  const low = [0.98, 0.01, 0.01];
  expect(
    neglectedTasks(
      feed([
        [0, low],
        [NEGLECT_STEPS - 1, low],
      ]),
      NEGLECT_STEPS - 1,
      low,
    ),
  ).toEqual([]);
  const recovered = feed([
    [0, low],
    [60, [0.4, 0.3, 0.3]],
    [130, low],
  ]);
  expect(neglectedTasks(recovered, 130, low)).toEqual([]);
  // A share of 5 % with three tasks is above the threshold (10 % of an equal share = 3.3 %).
  const uneven = [0.6, 0.05, 0.35];
  expect(
    neglectedTasks(
      feed([
        [0, uneven],
        [500, uneven],
      ]),
      500,
      uneven,
    ),
  ).toEqual([]);
});

test('methods without weights, and a run that went back (reset), start over', () => {
  expect(
    feed([
      [0, null],
      [500, null],
    ]),
  ).toEqual([]);
  const low = [0.999, 0.001];
  const since = feed([
    [200, low],
    [50, low],
  ]);
  expect(since).toEqual([null, 50]);
});
