import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../core/train/types';
import type { RunSnapshot, WorkerEvent } from './protocol';
import { carryTrainLoss, TrainingLoop, type SteppableTrainer } from './trainingLoop';

function snapshotAt(step: number, trainLoss: number[]): Snapshot {
  return {
    step,
    epoch: 0,
    trainLoss,
    testLoss: trainLoss.map(() => Number.NaN),
    methodWeights: null,
    conflict: null,
    gates: null,
    diverged: false,
  } as Snapshot;
}

/** A stand-in engine: each step takes `msPerStep` and lowers a loss. */
function fakeTrainer(msPerStep = 1): SteppableTrainer & { calls: number[] } {
  let step = 0;
  let sinceSnapshot = 0;
  const calls: number[] = [];
  return {
    calls,
    get step() {
      return step;
    },
    async train(steps: number) {
      calls.push(steps);
      await new Promise((resolve) => setTimeout(resolve, msPerStep * steps));
      step += steps;
      sinceSnapshot += steps;
    },
    async snapshot() {
      const loss = sinceSnapshot ? 1 / (1 + step) : Number.NaN;
      sinceSnapshot = 0;
      return snapshotAt(step, [loss]);
    },
  };
}

describe('carryTrainLoss', () => {
  it('keeps the previous train loss when no step happened since', () => {
    const previous = snapshotAt(10, [0.5, 0.25]);
    expect(carryTrainLoss(snapshotAt(10, [Number.NaN, Number.NaN]), previous).trainLoss).toEqual([
      0.5, 0.25,
    ]);
    expect(carryTrainLoss(snapshotAt(11, [Number.NaN, 1]), previous).trainLoss[0]).toBeNaN();
  });
});

describe('TrainingLoop', () => {
  it('runs exactly the requested steps and reports the final step', async () => {
    const trainer = fakeTrainer();
    const events: WorkerEvent[] = [];
    const loop = new TrainingLoop(trainer, 7, (event) => events.push(event));
    const snapshot = await loop.runSteps(37);
    expect(snapshot.step).toBe(37);
    expect(snapshot.runId).toBe(7);
    expect(snapshot.running).toBe(false);
    expect(trainer.calls.reduce((a, b) => a + b, 0)).toBe(37);
    expect(Number.isFinite(snapshot.trainLoss[0])).toBe(true);
  });

  it('plays until stopped, throttling snapshots and measuring speed', async () => {
    const trainer = fakeTrainer(1);
    const snapshots: RunSnapshot[] = [];
    const loop = new TrainingLoop(trainer, 1, (event) => {
      if (event.kind === 'snapshot') snapshots.push(event.snapshot);
    });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await loop.stop();
    const final = await loop.publish();
    expect(loop.isRunning).toBe(false);
    expect(final.step).toBeGreaterThan(20);
    expect(final.stepsPerSecond).toBeGreaterThan(0);
    // At most one snapshot per 50 ms while playing (plus the final one).
    expect(snapshots.length).toBeLessThanOrEqual(400 / 50 + 2);
    expect(snapshots.length).toBeGreaterThan(2);
    expect(Number.isFinite(final.trainLoss[0])).toBe(true);
  });
});
