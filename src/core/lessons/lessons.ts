/**
 * The guided lessons, as data. Each preset is checked by lessons.test.ts: its config is valid,
 * its runs resolve, and where it is cheap to check in Node, training does what the text says.
 */
import { INITIALISATION_LESSON } from './initialisation';
import type { Lesson } from './types';
import { correlationSweepLesson } from './correlationSweep';
import { SAFE_SHARING_LESSON } from './safeSharing';

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
    title: 'Does sharing help?',
    summary:
      'Similar, noisy tasks with little data: does one shared network beat one network per task? Measure it.',
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
        diagram: {
          targets: [{ group: 'trunk/0' }],
          note: 'the shared trunk every task trains',
        },
      },
      {
        title: 'Read the table',
        doThis: 'Pause and press Evaluate.',
        lookFor:
          'Here the separate networks win (Δm below zero, by about 20 to 25 %): started small (with PyTorch’s default initialisation the output varies by about 0.2 across the inputs, the labels by about 1.1), each small network fits its 105 rows well without the others’ data, and the shared trunk’s compromise costs more than the extra data brings.',
      },
      {
        title: 'Change the start',
        doThis: 'Set Initialisation to He-normal and compare again.',
        lookFor:
          'Now every network starts as a large random function (its output varies by more than the labels do) that 105 rows cannot train away, and Δm rises (from about −20 % to between −16 % and +16 %, depending on the Weight seed). Whether sharing "helps" depends on where training starts, which is why papers with different code disagree.',
      },
    ],
    claims: [
      {
        id: 'separate-networks-win',
        says: 'after 300 steps Δm(shared-bottom vs STL) < 0',
        steps: 300,
        left: { q: 'deltaM', run: 'Shared-bottom', baseline: 'Single-task (STL)' },
        op: '<',
        right: 0,
      },
      {
        id: 'starts-small',
        says: 'output std across the training inputs at step 0 < 0.3 (labels: about 1.1)',
        steps: 1,
        left: { q: 'initialSpread', run: 'Shared-bottom' },
        op: '<',
        right: 0.3,
      },
      {
        id: 'he-normal-starts-large',
        says: 'with He-normal, output std across the training inputs at step 0 > 1',
        steps: 1,
        left: { q: 'initialSpread', run: 'Shared-bottom', patch: { model: { init: 'he-normal' } } },
        op: '>',
        right: 1,
      },
      {
        id: 'he-normal-raises-delta-m',
        says: 'after 300 steps Δm(shared-bottom vs STL): He-normal > PyTorch',
        steps: 300,
        left: {
          q: 'deltaM',
          run: 'Shared-bottom',
          baseline: 'Single-task (STL)',
          patch: { model: { init: 'he-normal' } },
        },
        op: '>',
        right: { q: 'deltaM', run: 'Shared-bottom', baseline: 'Single-task (STL)' },
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
        diagram: {
          targets: [{ from: 'input', to: 'trunk/0' }],
          note: 'the shared weights; set Links to "conflict" to see where the tasks disagree',
        },
      },
      {
        title: 'Let the towers go their own way',
        doThis: 'Keep stepping for a few dozen steps.',
        lookFor:
          "The conflict fades: each task's tower can flip the sign of a shared feature, so opposed tasks stop fighting over it. Set Head initialisation to independent and reset: the first cosine is then decided by the random towers, not by ρ.",
        diagram: {
          targets: [{ group: 'towers/0/t0' }, { group: 'towers/0/t1' }],
          note: "each task's own tower",
        },
      },
      {
        title: 'Compare with separate networks',
        doThis: 'Play the comparison for about 800 steps and read the results table.',
        lookFor:
          'Here sharing costs: Δm is negative (about −50 % to −620 % on Weight seeds 1 to 3). The shared network does better than its separate network on task_1 but 2 to 14 times worse on task_0 (test MSE), whose separate network fits it almost perfectly (its MSE is tiny, so the percentages are large; the line under Δm says which task carries it).',
      },
      {
        title: 'Give the trunk room',
        doThis: 'Set the shared hidden layer to 64 units and compare again.',
        lookFor:
          'Δm does not rise: it falls far below −1,000 %. The separate networks barely change, but the shared network’s task_0 gets much worse (test MSE about 0.5 instead of 0.02 to 0.1; the line under Δm names it): on top of a wide trunk trained at learning rate 0.01, task_0’s 8-unit tower fits its curve badly. More shared capacity is no cure by itself: measure before and after.',
      },
    ],
    claims: [
      {
        id: 'first-cosine-negative',
        says: 'the cosine between task_0 and task_1 gradients at step 1 < 0',
        steps: 1,
        left: { q: 'firstCosine', run: 'Shared-bottom' },
        op: '<',
        right: 0,
      },
      {
        id: 'sharing-costs',
        says: 'after 800 steps Δm(shared-bottom vs STL) < 0',
        steps: 800,
        left: { q: 'deltaM', run: 'Shared-bottom', baseline: 'Single-task (STL)' },
        op: '<',
        right: 0,
      },
      {
        id: 'task-0-carries-the-cost',
        says: 'after 800 steps task_0 test loss: shared-bottom > 2 × STL',
        steps: 800,
        left: { q: 'testLoss', run: 'Shared-bottom', task: 0 },
        op: '>',
        right: { q: 'testLoss', run: 'Single-task (STL)', task: 0, times: 2 },
      },
      {
        id: 'task-1-gains',
        says: 'after 800 steps task_1 test loss: shared-bottom < STL',
        steps: 800,
        left: { q: 'testLoss', run: 'Shared-bottom', task: 1 },
        op: '<',
        right: { q: 'testLoss', run: 'Single-task (STL)', task: 1 },
      },
      {
        id: 'room-does-not-help',
        says: 'after 800 steps Δm with a 64-unit trunk < Δm with the preset 8-unit trunk',
        steps: 800,
        left: {
          q: 'deltaM',
          run: 'Shared-bottom',
          baseline: 'Single-task (STL)',
          patch: { model: { hidden: [64] } },
        },
        op: '<',
        right: { q: 'deltaM', run: 'Shared-bottom', baseline: 'Single-task (STL)' },
      },
      {
        id: 'wide-trunk-hurts-task-0',
        says: 'after 800 steps the shared network’s task_0 test loss: 64-unit trunk > 8-unit trunk',
        steps: 800,
        left: {
          q: 'testLoss',
          run: 'Shared-bottom',
          task: 0,
          patch: { model: { hidden: [64] } },
        },
        op: '>',
        right: { q: 'testLoss', run: 'Shared-bottom', task: 0 },
      },
    ],
  },
  {
    id: 'gradient-surgery',
    title: 'Gradient surgery',
    summary: 'PCGrad and CAGrad remove the part of a gradient that fights the other task.',
    preset: {
      config: {
        data: { tasks: 2, features: 8, rho: -0.6, samples: 2000, taskSpecs: [spec(1), spec(1)] },
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
        doThis:
          'Step the main run once with the conflict view open, then set ρ to +0.6, reset and step once more.',
        lookFor:
          'The first cosine between the task gradients is at or below zero at ρ = −0.6 and clearly positive (about +0.3 to +0.5) at +0.6: opposed tasks pull the shared features apart.',
        diagram: {
          targets: [{ from: 'input', to: 'trunk/0' }],
          note: 'the shared weights; set Links to "conflict" to see where the tasks disagree',
        },
      },
      {
        title: 'Race the methods',
        doThis: 'Play the comparison (EW, PCGrad, CAGrad, STL start from the same weights).',
        lookFor:
          'The per-task curves of all runs fall together: the surgery changes each step a little, not the picture. The difference shows in the numbers.',
      },
      {
        title: 'Score them',
        doThis: 'Pause and press Evaluate.',
        lookFor:
          'Δm against STL (higher is better): the three methods land within a few points of each other (less than 10), while Δm itself moves by tens of points from one Weight seed to the next (try 1, 2 and 3), and which method wins changes with the seed. On this data the surgery is no reliable win; the seed-to-seed spread is the number to beat.',
      },
    ],
    claims: [
      {
        id: 'first-cosine-lower-when-opposed',
        says: 'the first cosine between task_0 and task_1 gradients: at ρ = −0.6 < at ρ = +0.6',
        steps: 1,
        left: { q: 'firstCosine', run: 'EW' },
        op: '<',
        right: { q: 'firstCosine', run: 'EW', patch: { data: { rho: 0.6 } } },
      },
      {
        id: 'pcgrad-close-to-ew',
        says: 'after 500 steps |Δm(PCGrad) − Δm(EW)| < 10 points',
        steps: 500,
        left: { q: 'deltaMGap', run: 'PCGrad', other: 'EW', baseline: 'STL' },
        op: '<',
        right: 10,
      },
      {
        id: 'cagrad-close-to-ew',
        says: 'after 500 steps |Δm(CAGrad) − Δm(EW)| < 10 points',
        steps: 500,
        left: { q: 'deltaMGap', run: 'CAGrad', other: 'EW', baseline: 'STL' },
        op: '<',
        right: 10,
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
        lookFor: 'task_0 (labels ×20) has a loss hundreds of times larger than the others.',
      },
      {
        title: 'Watch the weights',
        doThis: 'Switch the method to UW and train.',
        lookFor: 'UW gives task_0 a much smaller weight than the others.',
      },
      {
        title: 'Compare',
        doThis: 'Play the comparison and press Evaluate.',
        lookFor:
          'task_1 reaches a clearly lower test loss with UW than with EW (about half); task_2, the harder task, gains less and not on every seed.',
      },
    ],
    claims: [
      {
        id: 'uw-downweights-task-0',
        says: "after 300 steps UW's weight of task_0 < its smallest other weight",
        steps: 300,
        left: { q: 'weightRatio', run: 'UW', task: 0 },
        op: '<',
        right: 1,
      },
      {
        id: 'task-1-better-with-uw',
        says: 'after 300 steps test loss of task_1: UW < EW',
        steps: 300,
        left: { q: 'testLoss', run: 'UW', task: 1 },
        op: '<',
        right: { q: 'testLoss', run: 'EW', task: 1 },
      },
    ],
  },
  {
    id: 'experts-specialise',
    title: 'Experts and gates',
    summary:
      'MMoE gives each task its own gate over shared experts: does it beat one shared trunk, and do the gates follow how related the tasks are?',
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
        doThis: 'Play the comparison for 1,000 steps with ρ = 0.9 and press Evaluate.',
        lookFor:
          'MMoE reaches a lower test loss than the single shared trunk (on Weight seeds 1 to 3: about 0.005 to 0.006 against 0.007 to 0.011).',
      },
      {
        title: 'Pull them apart',
        doThis: 'Set ρ to −0.5 and compare again.',
        lookFor:
          'MMoE still has the lower test loss on every seed, by a margin that changes with the seed (shared-bottom 0.006 to 0.027, MMoE 0.005 to 0.007).',
      },
      {
        title: 'Read the gates',
        doThis: 'Compare the two gate rows at ρ = 0.9 and at ρ = −0.5, on Weight seeds 1, 2 and 3.',
        lookFor:
          'The rows differ, but not more when the tasks are opposed: their L1 distance was 0.20, 0.28 and 0.58 at ρ = 0.9 against 0.26, 0.10 and 0.47 at ρ = −0.5 (seeds 1 to 3, measured on the CPU). How differently the tasks use the experts depends more on the seed than on ρ here; the gates need not specialise for MMoE to win.',
        diagram: {
          targets: [{ group: 'gate/t0' }, { group: 'gate/t1' }],
          note: 'the gate bars of task_0 and task_1',
        },
      },
    ],
    claims: [
      {
        id: 'mmoe-beats-shared-when-similar',
        says: 'after 1,000 steps at ρ = 0.9 mean test loss: MMoE < shared-bottom',
        steps: 1000,
        left: { q: 'testLoss', run: 'MMoE' },
        op: '<',
        right: { q: 'testLoss', run: 'Shared-bottom' },
      },
      {
        id: 'mmoe-beats-shared-when-opposed',
        says: 'after 1,000 steps at ρ = −0.5 mean test loss: MMoE < shared-bottom',
        steps: 1000,
        left: { q: 'testLoss', run: 'MMoE', patch: { data: { rho: -0.5 } } },
        op: '<',
        right: { q: 'testLoss', run: 'Shared-bottom', patch: { data: { rho: -0.5 } } },
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
          taskSpecs: [spec(1), spec(1, { labelledFraction: 0.02 })],
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
        doThis: 'Note that task_1 has labels on only 2% of the training rows.',
        lookFor:
          'That is 28 labelled rows for 12 features: alone, a network cannot pin the task down from so few examples.',
        diagram: {
          targets: [{ group: 'output/t1', unit: 0 }],
          note: 'the output of task_1, the task with few labels',
        },
      },
      {
        title: 'Borrow',
        doThis: 'Play the comparison for 1,000 steps, then press Evaluate.',
        lookFor:
          'task_1 reaches a lower test loss in the shared run than on its own (its relative change, under Δm, is about +30 to +75 %).',
        diagram: {
          targets: [{ group: 'trunk/0' }],
          note: 'the shared trunk task_1 borrows from',
        },
      },
      {
        title: 'Unrelated helper',
        doThis: 'Set ρ to 0 and compare again.',
        lookFor:
          'The help shrinks when the tasks are unrelated: task_1 gains less than 20 % over its own network (on Weight seeds 1 to 3), against about 30 to 75 % at ρ = 0.9.',
      },
    ],
    claims: [
      {
        id: 'task-1-borrows',
        says: 'after 1,000 steps test loss of task_1: shared-bottom < STL',
        steps: 1000,
        left: { q: 'testLoss', run: 'Shared-bottom', task: 1 },
        op: '<',
        right: { q: 'testLoss', run: 'Single-task (STL)', task: 1 },
      },
      {
        id: 'less-help-at-rho-0',
        says: 'after 1,000 steps task_1’s relative change vs STL: at ρ = 0 < at ρ = 0.9',
        steps: 1000,
        left: {
          q: 'deltaM',
          run: 'Shared-bottom',
          baseline: 'Single-task (STL)',
          task: 1,
          patch: { data: { rho: 0 } },
        },
        op: '<',
        right: { q: 'deltaM', run: 'Shared-bottom', baseline: 'Single-task (STL)', task: 1 },
      },
    ],
  },
  INITIALISATION_LESSON,
  correlationSweepLesson,
  SAFE_SHARING_LESSON,
];
