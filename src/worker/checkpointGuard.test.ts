import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../core/tf';
import { createTrainer } from '../core/train/trainer';
import { datasetFor, smallConfig, testEw } from '../core/train/testing';
import { RunGuard } from './checkpointGuard';
import type { RunSnapshot, WorkerEvent } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = smallConfig(
  { tasks: 2, features: 6, samples: 400 },
  { hidden: [8], tower: [4] },
  {},
);
const dataset = datasetFor(config);

async function published(trainer: Awaited<ReturnType<typeof createTrainer>>, running = false) {
  const snap = await trainer.snapshot();
  return { ...snap, runId: 1, running, stepsPerSecond: 0 } satisfies RunSnapshot;
}

describe('engine divergence reporting', () => {
  test('a NaN in one task head names that task, not the others; restore clears it', async () => {
    const trainer = await createTrainer({ config, dataset, method: testEw });
    await trainer.train(2);
    const good = await trainer.exportWeights();
    const bad = good.map((w) => ({ ...w, values: w.values.slice() }));
    // Task-specific parameters carry a leading T axis: poison task 1's part of a tower tensor.
    const tower = bad.find((w) => w.name === 'output/bias')!;
    tower.values[tower.values.length - 1] = NaN;
    await trainer.importWeights(bad);
    const snap = await trainer.snapshot();
    expect(snap.diverged).toBe(true);
    expect(snap.divergence).toEqual({ step: 2, tasks: [1], sharedParameters: false });
    // Sticky: the first place it was seen is kept.
    await trainer.train(1);
    expect((await trainer.snapshot()).divergence?.step).toBe(2);
    await trainer.restore({ step: 2, weights: good });
    const after = await trainer.snapshot();
    expect(after.step).toBe(2);
    expect(after.diverged).toBe(false);
    expect(after.divergence).toBeNull();
    trainer.dispose();
  });
});

describe('RunGuard', () => {
  test('checkpoints finite snapshots and rolls back a diverged run to the last one', async () => {
    const trainer = await createTrainer({ config, dataset, method: testEw });
    const events: WorkerEvent[] = [];
    const guard = new RunGuard(trainer, config, 1, (e) => events.push(e));
    expect(await guard.afterSnapshot(await published(trainer))).toBe(false);
    expect(guard.latest?.step).toBe(0);
    await trainer.train(4);
    expect(await guard.afterSnapshot(await published(trainer))).toBe(false);
    expect(guard.latest?.step).toBe(4);
    const checkpointWeights = guard.latest!.weights;
    const poisoned = checkpointWeights.map((w) => ({ ...w, values: w.values.map(() => NaN) }));
    await trainer.importWeights(poisoned);
    await trainer.train(2);
    expect(await guard.afterSnapshot(await published(trainer, true))).toBe(true);
    expect(trainer.step).toBe(4);
    expect(await trainer.exportWeights()).toEqual(checkpointWeights);
    const notice = events.find((e) => e.kind === 'notice');
    expect(notice?.kind === 'notice' && notice.notice.kind).toBe('diverged');
    if (notice?.kind === 'notice' && notice.notice.kind === 'diverged') {
      expect(notice.notice.restoredStep).toBe(4);
      expect(notice.notice.tasks).toEqual(['task_0', 'task_1']);
    }
    expect(events.filter((e) => e.kind === 'checkpoint')).toHaveLength(2);
    trainer.dispose();
  });

  test('a loss that explodes without NaN (learning rate 1000) also rolls back', async () => {
    const wild = { ...config, train: { ...config.train, learningRate: 1000 } };
    const trainer = await createTrainer({ config: wild, dataset, method: testEw });
    const events: WorkerEvent[] = [];
    const guard = new RunGuard(trainer, wild, 1, (e) => events.push(e));
    await guard.afterSnapshot(await published(trainer));
    await trainer.train(3);
    expect(await guard.afterSnapshot(await published(trainer, true))).toBe(true);
    expect(trainer.step).toBe(0);
    const notice = events.find((e) => e.kind === 'notice');
    if (notice?.kind !== 'notice' || notice.notice.kind !== 'diverged')
      throw new Error('no notice');
    expect(notice.notice.message).toContain('grew from');
    expect(notice.notice.suggestion).toContain('from 1000 to 0.001');
    trainer.dispose();
  });
});
