import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { validateConfig } from '../config/validate';
import { generateDataset } from '../data/generator';
import { ID_PATTERN } from '../io/linkExtras';
import { tf } from '../tf';
import { createTrainer } from '../train/trainer';
import { runConfigs } from '../../worker/runsConfig';
import { LESSONS } from './lessons';
import { findLesson, lessonConfig } from './presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function lesson(id: string) {
  const found = findLesson(id);
  if (!found) throw new Error(`no lesson ${id}`);
  return found;
}

/** Trains every run of a lesson for `steps` steps; returns the test metrics per run. */
async function trainRuns(id: string, steps: number) {
  const config = lessonConfig(lesson(id));
  const dataset = generateDataset(config.data);
  const out = [];
  for (const runConfig of runConfigs(config, lesson(id).preset.runs)) {
    const trainer = await createTrainer({ config: runConfig, dataset });
    await trainer.train(steps);
    out.push(await trainer.evaluate('test'));
    trainer.dispose();
  }
  return out;
}

describe('lesson presets', () => {
  test('at least six lessons with unique ids', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  test.each(LESSONS.map((l) => [l.id, l] as const))(
    '%s: valid config, runs, views and steps',
    (_, l) => {
      const checked = validateConfig(lessonConfig(l));
      expect(checked.ok ? [] : checked.errors).toEqual([]);
      expect(() => runConfigs(lessonConfig(l), l.preset.runs)).not.toThrow();
      expect(ID_PATTERN.test(l.id)).toBe(true);
      for (const view of l.preset.views) expect(ID_PATTERN.test(view)).toBe(true);
      expect(l.steps.length).toBeGreaterThanOrEqual(2);
    },
  );
});

describe('what the lessons claim', () => {
  test('negative transfer?: at rho = -0.8 the shared trunk is not worse than STL', async () => {
    const [shared, stl] = await trainRuns('negative-transfer', 800);
    const mean = (m: { loss: number }[]) => m.reduce((a, b) => a + b.loss, 0) / m.length;
    expect(mean(shared)).toBeLessThan(mean(stl));
  });

  test.each(['negative-transfer', 'gradient-surgery'])(
    '%s: the task gradients conflict at the first step',
    async (id) => {
      const config = lessonConfig(lesson(id));
      const trainer = await createTrainer({
        config,
        dataset: generateDataset(config.data),
        options: { conflictEvery: 1 },
      });
      await trainer.train(1);
      const { conflict } = await trainer.snapshot();
      trainer.dispose();
      expect(conflict?.cosine[0][1]).toBeLessThan(0);
    },
  );

  test('sharing helps: shared-bottom beats STL on mean test loss with little data', async () => {
    const [shared, stl] = await trainRuns('sharing-helps', 300);
    const mean = (m: { loss: number }[]) => m.reduce((a, b) => a + b.loss, 0) / m.length;
    expect(mean(shared)).toBeLessThan(mean(stl));
  });

  test('low resource: the task with few labels does better in the shared run', async () => {
    const [shared, stl] = await trainRuns('low-resource', 400);
    expect(shared[1].loss).toBeLessThan(stl[1].loss);
  });

  test('loss scale: UW gives the large-scale task the smallest weight', async () => {
    const config = lessonConfig(lesson('loss-scale'));
    const [uw] = runConfigs(config, [{ label: 'UW', method: 'uw' }]);
    const trainer = await createTrainer({ config: uw, dataset: generateDataset(config.data) });
    await trainer.train(300);
    const { methodWeights } = await trainer.snapshot();
    trainer.dispose();
    expect(methodWeights).not.toBeNull();
    const w = methodWeights ?? [];
    expect(w[0]).toBeLessThan(Math.min(w[1], w[2]));
  });
});
