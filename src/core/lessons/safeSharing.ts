/**
 * Lesson: safe sharing (Deep Safe MTL, seed-systems reference §5, "What to show"). Three related
 * tasks and one unrelated task (correlation 0 to the others) share a narrow trunk. Hard parameter
 * sharing hurts the unrelated task against training it alone; Deep Safe MTL's gate for that task
 * moves towards its private encoder and the task loses less. The texts quote what was measured on
 * weight seeds 1–3 (wasm, 600 steps), and the claims below are checked on them by lessons.test.ts.
 */
import type { Lesson } from './types';

const task = (noise: number) => ({
  degree: 1,
  noise,
  kind: 'regression' as const,
  classes: 3,
  positiveRate: 0.5,
  scale: 1,
  labelledFraction: 1,
});

const UNRELATED = 3;

export const SAFE_SHARING_LESSON: Lesson = {
  id: 'safe-sharing',
  title: 'Safe sharing',
  summary:
    'One task unrelated to three others: sharing one trunk hurts it; Deep Safe MTL lets its gate close towards a private encoder.',
  preset: {
    config: {
      data: {
        tasks: 4,
        features: 8,
        rho: 0.9,
        samples: 1500,
        correlation: [
          [1, 0.9, 0.9, 0],
          [0.9, 1, 0.9, 0],
          [0.9, 0.9, 1, 0],
          [0, 0, 0, 1],
        ],
        taskSpecs: [task(0.05), task(0.05), task(0.05), task(0.05)],
      },
      model: { architecture: 'dsmtl', hidden: [4], tower: [8] },
      train: { method: 'ew', methodOptions: {}, learningRate: 0.01, batchSize: 32 },
    },
    runs: [
      { label: 'Deep Safe MTL', architecture: 'dsmtl' },
      { label: 'Shared-bottom', architecture: 'shared-bottom' },
      { label: 'STL', architecture: 'stl' },
    ],
    views: ['gates', 'compare'],
  },
  steps: [
    {
      title: 'Share one trunk',
      doThis:
        'Play the comparison for 600 steps, then select the Shared-bottom run and press Compute Δm.',
      lookFor:
        'task_3, unrelated to the others, is worse than trained alone: its change against STL was −106 %, −61 % and −22 % on Weight seeds 1 to 3. The four-unit trunk serves the three related tasks.',
    },
    {
      title: 'Watch the safe gates',
      doThis:
        'Select the Deep Safe MTL run and watch its gates in the network view and the gate chart while it trains.',
      lookFor:
        'Each task’s gate mixes the public encoder (shared) and its private one. task_3’s gate moves towards private: 0.74, 0.70 and 0.63 private after 600 steps (seeds 1 to 3), from 0.5. The related tasks’ gates drift too, with the seed.',
    },
    {
      title: 'Audit it',
      doThis: 'Press Compute Δm and then Safety audit on the Deep Safe MTL run.',
      lookFor:
        'task_3 loses less than with one shared trunk (−20 %, +34 % and −4 % against STL on seeds 1 to 3), but not always nothing: the guarantee is that the best fit of the training objective is never worse than the task alone, not that 600 steps of Adam reach it. The audit flags a task only beyond the spread of three STL seeds.',
    },
  ],
  claims: [
    {
      id: 'shared-trunk-hurts-unrelated',
      says: 'after 600 steps task_3’s change against STL with one shared trunk < 0',
      steps: 600,
      left: { q: 'deltaM', run: 'Shared-bottom', baseline: 'STL', task: UNRELATED },
      op: '<',
      right: 0,
    },
    {
      id: 'unrelated-gate-goes-private',
      says: 'after 600 steps task_3’s gate weight on its private encoder > 0.5',
      steps: 600,
      left: { q: 'gateWeight', run: 'Deep Safe MTL', task: UNRELATED, unit: 1 },
      op: '>',
      right: 0.5,
    },
    {
      id: 'safe-gate-loses-less',
      says: 'after 600 steps task_3’s change against STL: Deep Safe MTL > shared-bottom',
      steps: 600,
      left: { q: 'deltaM', run: 'Deep Safe MTL', baseline: 'STL', task: UNRELATED },
      op: '>',
      right: { q: 'deltaM', run: 'Shared-bottom', baseline: 'STL', task: UNRELATED },
    },
  ],
};
