/**
 * The classic figure of the MMoE paper (Ma et al., KDD 2018, Fig. 4: performance against task
 * correlation) as a lesson: Δm of shared-bottom and MMoE against ρ over several seeds, in a
 * low-data regime where sharing matters. The Sweep panel draws it; `npm run cli -- sweep` writes
 * the same table.
 */
import type { Lesson } from './types';

const task = {
  degree: 2,
  noise: 0.3,
  kind: 'regression' as const,
  classes: 3,
  positiveRate: 0.5,
  scale: 1,
  labelledFraction: 1,
};

export const correlationSweepLesson: Lesson = {
  id: 'correlation-sweep',
  title: 'Δm against task correlation (the MMoE figure)',
  summary:
    'Sweep ρ for shared-bottom and MMoE over seeds with little data: how much sharing pays depends on how related the tasks are.',
  preset: {
    config: {
      data: {
        tasks: 2,
        features: 16,
        rho: 0.5,
        correlation: null,
        samples: 400,
        taskSpecs: [task, task],
      },
      model: { architecture: 'shared-bottom', hidden: [32], tower: [16], experts: 4 },
      train: { learningRate: 0.01, batchSize: 64, method: 'ew', methodOptions: {} },
    },
    runs: [],
    views: ['compare'],
  },
  steps: [
    {
      title: 'Set up the sweep',
      doThis:
        'Open Sweep. Vary "Task similarity ρ" over -0.5, 0, 0.5, 0.9 and "Architecture" over shared-bottom, mmoe; seeds 1, 2, 3; 300 steps per run. Press Run sweep.',
      lookFor:
        'Each of the 24 runs trains one network and its own single-task baseline on the same data and seed; the progress line says how many are done and about how long is left.',
    },
    {
      title: 'Read the figure',
      doThis: 'Wait for the bands: one line per architecture, mean Δm over seeds, shaded ±1 std.',
      lookFor:
        'Δm rises with ρ: related tasks lend each other data. Compare where each line crosses 0 (sharing stops paying) and how wide the bands are: with 3 seeds, lines whose bands overlap are not told apart.',
    },
    {
      title: 'What it does not show',
      doThis: 'Export the table (CSV) and look at the seeds one by one.',
      lookFor:
        'This is one synthetic generator, two small tasks, one step budget and no tuning per cell. The MMoE paper found MMoE losing less than shared-bottom at low correlation on larger data; here the gap can be small or reversed, and a few seeds cannot prove either. The bands are seed spread, not confidence intervals.',
    },
  ],
};
