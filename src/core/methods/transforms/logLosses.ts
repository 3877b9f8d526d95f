/**
 * Log-losses: Σ log ℓ_i, i.e. every task's raw-loss gradient divided by its loss. It is IGBv1
 * before its base is set and the geometric-loss idea of GLS; on its own it makes tasks on
 * different loss scales comparable. Losses are clamped at 1e-8 before the log.
 */
import { ones } from '../common';
import { logLossStep, type LossTransformDefinition } from './types';

export const logLossesTransform: LossTransformDefinition = {
  id: 'log',
  label: 'log-losses',
  summary:
    'Replaces every task loss by its logarithm, so each task’s gradient is divided by its own ' +
    'loss: a task on a large loss scale no longer dominates just because its numbers are bigger.',
  citation:
    'As the loss of IGB before its base epoch: Y. Dai, N. Fei, Z. Lu, "Improvable Gap Balancing for Multi-Task Learning", UAI 2023',
  options: [],
  create({ tasks }) {
    return { apply: (_step, _perEpoch, losses) => logLossStep(ones(tasks), losses) };
  },
};
