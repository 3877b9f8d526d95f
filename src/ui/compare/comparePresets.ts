/** Ready-made comparisons offered in the Compare panel. */
import type { RunSpec } from '../../core/io';

export const COMPARE_PRESETS: { id: string; label: string; runs: RunSpec[] }[] = [
  {
    id: 'surgery',
    label: 'EW vs PCGrad vs CAGrad vs STL',
    runs: [
      { label: 'EW', method: 'ew' },
      { label: 'PCGrad', method: 'pcgrad' },
      { label: 'CAGrad', method: 'cagrad' },
      { label: 'STL', architecture: 'stl', method: 'ew' },
    ],
  },
  {
    id: 'experts',
    label: 'Shared-bottom vs MMoE',
    runs: [
      { label: 'Shared-bottom', architecture: 'shared-bottom' },
      { label: 'MMoE', architecture: 'mmoe' },
    ],
  },
  {
    id: 'weighting',
    label: 'EW vs UW vs GradNorm vs DB-MTL',
    runs: [
      { label: 'EW', method: 'ew' },
      { label: 'UW', method: 'uw' },
      { label: 'GradNorm', method: 'gradnorm' },
      { label: 'DB-MTL', method: 'dbmtl' },
    ],
  },
  {
    id: 'mtl-vs-stl',
    label: 'Multi-task vs single-task',
    runs: [{ label: 'Shared-bottom' }, { label: 'STL', architecture: 'stl' }],
  },
];
