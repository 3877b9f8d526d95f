/**
 * Lesson: where the network starts. The same data, method and seed from PyTorch's default
 * initialisation (the lab's default) and from He-normal (the lab's scheme before v2): the
 * He-normal network starts as a large random function of its inputs that a few hundred steps on
 * 1,000 rows never train away off the training points, so its test loss, its train/test gap and
 * its Δm are worse. This is why numbers from differently initialised code disagree.
 */
import type { Lesson } from './types';

const task = (degree: number) => ({
  degree,
  noise: 0.1,
  kind: 'regression' as const,
  classes: 3,
  positiveRate: 0.5,
  scale: 1,
  labelledFraction: 1,
});

export const INITIALISATION_LESSON: Lesson = {
  id: 'initialisation',
  title: 'Where training starts',
  summary:
    'The same data, method and seed from two initialisations: PyTorch’s default and He-normal.',
  preset: {
    config: {
      data: {
        tasks: 2,
        features: 16,
        rho: -0.3,
        samples: 10_000,
        testFraction: 0.9,
        taskSpecs: [task(1), task(2)],
      },
      model: { architecture: 'shared-bottom', hidden: [64, 64], tower: [32], init: 'pytorch' },
      train: { method: 'ew', methodOptions: {}, learningRate: 1e-3, batchSize: 100 },
    },
    runs: [
      { label: 'PyTorch init', init: 'pytorch' },
      { label: 'He-normal init', init: 'he-normal' },
      { label: 'STL (PyTorch init)', architecture: 'stl', init: 'pytorch' },
    ],
    views: ['compare', 'results'],
  },
  steps: [
    {
      title: 'The start',
      doThis:
        'Read the Model panel: Initialisation says which scheme draws the weights, and the line under it how large the untrained network’s output is across the inputs.',
      lookFor:
        'With PyTorch’s default the output varies by a few hundredths across inputs (labels vary by about 1); switch to He-normal and it varies by more than 0.3: a large random function before any training.',
    },
    {
      title: 'Race them',
      doThis:
        'Play the comparison for 300 steps (same data, method, batches and seed; only the initialisation differs).',
      lookFor:
        'Both training losses fall, but He-normal’s dashed test lines stay well above its training lines: the random start is never trained away off the 1,000 training rows.',
    },
    {
      title: 'Score them',
      doThis: 'Pause and read the results table.',
      lookFor:
        'He-normal has the higher test loss of task_0 and task_1 and the lower Δm against the same STL run. Code that starts elsewhere reports other numbers for the same method.',
    },
  ],
  claims: [
    {
      id: 'pytorch-starts-flat',
      says: 'output std across the training inputs at step 0 with PyTorch init < 0.1',
      steps: 1,
      left: { q: 'initialSpread', run: 'PyTorch init' },
      op: '<',
      right: 0.1,
    },
    {
      id: 'he-normal-starts-rough',
      says: 'output std across the training inputs at step 0 with He-normal > 0.3',
      steps: 1,
      left: { q: 'initialSpread', run: 'He-normal init' },
      op: '>',
      right: 0.3,
    },
    {
      id: 'he-normal-gap-larger',
      says: 'after 300 steps the train/test gap: He-normal > PyTorch',
      steps: 300,
      left: { q: 'gap', run: 'He-normal init' },
      op: '>',
      right: { q: 'gap', run: 'PyTorch init' },
    },
    {
      id: 'he-normal-delta-m-lower',
      says: 'after 300 steps Δm against the same STL run: He-normal < PyTorch',
      steps: 300,
      left: { q: 'deltaM', run: 'He-normal init', baseline: 'STL (PyTorch init)' },
      op: '<',
      right: { q: 'deltaM', run: 'PyTorch init', baseline: 'STL (PyTorch init)' },
    },
  ],
};
