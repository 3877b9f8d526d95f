/**
 * The guided lessons, as data. Each preset is checked by lessons.test.ts: its config is valid,
 * its runs resolve, and where it is cheap to check in Node, training does what the text says.
 */
import type { Lesson } from './types';
import { correlationSweepLesson } from './correlationSweep';

const spec = (degree: number, extra: Record<string, number> = {}) => ({
  degree,
  noise: 0.05,
  kind: 'regression' as const,
  classes: 3,
  positiveRate: 0.5,
  scale: 1,
  labelledFraction: 1,
  ...extra,
});

const small = { hidden: [32], tower: [16] };
const fast = { learningRate: 0.01, batchSize: 64, method: 'ew', methodOptions: {} };

export const LESSONS: readonly Lesson[] = [
  {
    id: 'sharing-helps',
    title: 'When sharing helps',
    summary:
      'Similar, noisy tasks with little data: one shared network beats one network per task.',
    preset: {
      config: {
        data: {
          tasks: 3,
          features: 20,
          rho: 0.95,
          samples: 150,
          taskSpecs: [spec(1, { noise: 0.5 }), spec(1, { noise: 0.5 }), spec(1, { noise: 0.5 })],
        },
        model: { architecture: 'shared-bottom', hidden: [64], tower: [] },
        train: fast,
      },
      runs: [{ label: 'Shared-bottom' }, { label: 'Single-task (STL)', architecture: 'stl' }],
      views: ['compare', 'results'],
    },
    steps: [
      {
        title: 'Train both',
        doThis: 'Press Play under Compare runs and stop after about 300 steps.',
        lookFor:
          'Both training losses fall fast; only 105 rows are for training, so watch the dashed test lines.',
      },
      {
        title: 'Read the table',
        doThis: 'Pause and press Evaluate.',
        lookFor:
          "The shared-bottom run has the lower mean test loss and a positive Δm: each task gets the others' data for free.",
      },
      {
        title: 'Take the help away',
        doThis: 'Move ρ down to 0 and compare again.',
        lookFor: 'The advantage shrinks: unrelated tasks have less to share.',
      },
    ],
  },
  {
    id: 'negative-transfer',
    title: 'Negative transfer?',
    summary: 'Are opposed tasks (ρ < 0) bad for sharing? Measure it instead of guessing.',
    preset: {
      config: {
        data: { tasks: 2, features: 8, rho: -0.8, samples: 2000, taskSpecs: [spec(2), spec(3)] },
        model: { architecture: 'shared-bottom', hidden: [8], tower: [8], headInit: 'same' },
        train: fast,
      },
      runs: [{ label: 'Shared-bottom' }, { label: 'Single-task (STL)', architecture: 'stl' }],
      views: ['conflict', 'compare'],
    },
    steps: [
      {
        title: 'Look at the first steps',
        doThis:
          'Press Step a few times with the conflict view open (both towers start identical: Head initialisation is "same").',
        lookFor:
          'The cosine between the task gradients starts negative: the tasks pull the shared features in opposite directions.',
      },
      {
        title: 'Let the towers go their own way',
        doThis: 'Keep stepping for a few dozen steps.',
        lookFor:
          "The conflict fades: each task's tower can flip the sign of a shared feature, so opposed tasks stop fighting over it. Set Head initialisation to independent and reset: the first cosine is then decided by the random towers, not by ρ.",
      },
      {
        title: 'Compare with separate networks',
        doThis: 'Play the comparison for about 800 steps and press Evaluate.',
        lookFor:
          'Even at ρ = −0.8 the shared trunk is not worse than two separate networks: opposed is not the same as conflicting.',
      },
      {
        title: 'Squeeze the trunk',
        doThis: 'Set the shared hidden layer to 2 units and compare again.',
        lookFor:
          'With too little shared capacity the tasks compete for it; this is where transfer turns negative.',
      },
    ],
  },
  {
    id: 'gradient-surgery',
    title: 'Gradient surgery',
    summary: 'PCGrad and CAGrad remove the part of a gradient that fights the other task.',
    preset: {
      config: {
        data: { tasks: 2, features: 8, rho: -0.6, samples: 2000, taskSpecs: [spec(1), spec(2)] },
        model: { architecture: 'shared-bottom', hidden: [16], tower: [8], headInit: 'same' },
        train: fast,
      },
      runs: [
        { label: 'EW', method: 'ew' },
        { label: 'PCGrad', method: 'pcgrad' },
        { label: 'CAGrad', method: 'cagrad' },
        { label: 'STL', architecture: 'stl', method: 'ew' },
      ],
      views: ['conflict', 'compare', 'results'],
    },
    steps: [
      {
        title: 'See the conflict',
        doThis: 'Step the main run a few times with the conflict view open.',
        lookFor: 'A negative cosine: the task gradients point apart.',
      },
      {
        title: 'Race the methods',
        doThis: 'Play the comparison (EW, PCGrad, CAGrad, STL start from the same weights).',
        lookFor:
          'The surgery methods keep both losses falling where EW trades one task for the other.',
      },
      {
        title: 'Score them',
        doThis: 'Pause and press Evaluate.',
        lookFor: 'Δm against STL: higher is better; compare EW with PCGrad and CAGrad.',
      },
    ],
  },
  {
    id: 'loss-scale',
    title: 'Loss-scale imbalance',
    summary:
      'One task measured in bigger units drowns the others; UW, GradNorm and DB-MTL rebalance.',
    preset: {
      config: {
        data: {
          tasks: 3,
          features: 12,
          rho: 0.3,
          samples: 2000,
          taskSpecs: [spec(1, { scale: 20 }), spec(1), spec(2)],
        },
        model: { architecture: 'shared-bottom', ...small },
        train: fast,
      },
      runs: [
        { label: 'EW', method: 'ew' },
        { label: 'UW', method: 'uw' },
        { label: 'GradNorm', method: 'gradnorm' },
        { label: 'DB-MTL', method: 'dbmtl' },
      ],
      views: ['weights', 'compare', 'results'],
    },
    steps: [
      {
        title: 'Spot the giant',
        doThis: 'Look at the loss chart on a log scale.',
        lookFor: 'Task 1 (labels ×20) has a loss hundreds of times larger than the others.',
      },
      {
        title: 'Watch the weights',
        doThis: 'Switch the method to UW and train.',
        lookFor: 'UW gives task 1 a much smaller weight than the others.',
      },
      {
        title: 'Compare',
        doThis: 'Play the comparison and press Evaluate.',
        lookFor: 'The small tasks do better with UW, GradNorm or DB-MTL than with EW.',
      },
    ],
  },
  {
    id: 'experts-specialise',
    title: 'Experts specialise',
    summary: 'As the tasks drift apart, MMoE gates send each task to its own experts.',
    preset: {
      config: {
        data: { tasks: 2, features: 8, rho: 0.9, samples: 2000, taskSpecs: [spec(2), spec(2)] },
        model: { architecture: 'mmoe', hidden: [16], tower: [8], experts: 4 },
        train: fast,
      },
      runs: [
        { label: 'MMoE', architecture: 'mmoe' },
        { label: 'Shared-bottom', architecture: 'shared-bottom' },
      ],
      views: ['gates', 'compare'],
    },
    steps: [
      {
        title: 'Similar tasks',
        doThis: 'Train for 1,000 steps with ρ = 0.9.',
        lookFor: 'Both tasks use the experts in much the same way.',
      },
      {
        title: 'Pull them apart',
        doThis: 'Set ρ to −0.5 and train again.',
        lookFor: 'The gate rows differ: each task leans on its own experts.',
      },
      {
        title: 'Does it pay?',
        doThis: 'Compare MMoE with shared-bottom and press Evaluate.',
        lookFor: 'With opposed tasks MMoE keeps a better test loss than the single shared trunk.',
      },
    ],
  },
  {
    id: 'low-resource',
    title: 'A low-resource task',
    summary: 'A task with few labels borrows from a related task with many.',
    preset: {
      config: {
        data: {
          tasks: 2,
          features: 12,
          rho: 0.9,
          samples: 2000,
          taskSpecs: [spec(1), spec(1, { labelledFraction: 0.04 })],
        },
        model: { architecture: 'shared-bottom', ...small },
        train: fast,
      },
      runs: [{ label: 'Shared-bottom' }, { label: 'Single-task (STL)', architecture: 'stl' }],
      views: ['compare', 'results'],
    },
    steps: [
      {
        title: 'Few labels',
        doThis: 'Note that task 2 has labels on only 4% of the training rows.',
        lookFor: 'Alone, it overfits: its test loss stops falling early.',
      },
      {
        title: 'Borrow',
        doThis: 'Play the comparison for 1,000 steps, then press Evaluate.',
        lookFor: 'Task 2 reaches a lower test loss in the shared run than on its own.',
      },
      {
        title: 'Unrelated helper',
        doThis: 'Set ρ to 0 and compare again.',
        lookFor: 'The help disappears when the tasks are unrelated.',
      },
    ],
  },
  correlationSweepLesson,
];
