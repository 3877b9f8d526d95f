/**
 * What the lab tells a person when a run diverged or the GPU was lost: which task and method, what
 * happened to the run, and one concrete change to try. Pure functions (unit-tested).
 */
import { generatedTaskName } from '../core/data/generator';
import type { Divergence } from '../core/train/types';
import type { DeviceLostNotice, DivergenceNotice } from './protocol/notices';

export interface DivergenceContext {
  runId: number;
  divergence: Divergence;
  taskNames: string[];
  method: string;
  learningRate: number;
  restoredStep: number | null;
  /** Set when the losses stayed finite but grew far beyond their start (checkpointPolicy.ts). */
  growth?: { task: number; from: number; to: number }[];
}

/** A number as a person would type it: 1000, 0.001, 2.5e-7. */
export function formatNumber(value: number): string {
  if (value !== 0 && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e6)) {
    return value.toExponential().replace('e+', 'e');
  }
  return String(Number(value.toPrecision(6)));
}

/** A learning rate that is likely to train: 1e-3 for large rates, otherwise a tenth. */
export function saferLearningRate(learningRate: number): number {
  if (learningRate > 0.01) return 0.001;
  return Number((learningRate / 10).toPrecision(3));
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function whatDiverged(divergence: Divergence, taskNames: string[]): string {
  const names = divergence.tasks.map((t) => taskNames[t] ?? generatedTaskName(t));
  const all = names.length === taskNames.length && names.length > 1;
  if (names.length === 0) return 'the shared parameters';
  const tasks = all ? `every task (${joinNames(names)})` : `task ${joinNames(names)}`;
  return divergence.sharedParameters ? `${tasks} and the shared parameters` : tasks;
}

export function divergenceNotice(context: DivergenceContext): DivergenceNotice {
  const { divergence, taskNames, method, learningRate, restoredStep } = context;
  const tasks = divergence.tasks.map((t) => taskNames[t] ?? generatedTaskName(t));
  const where = whatDiverged(divergence, taskNames);
  const back =
    restoredStep === null
      ? 'There was no checkpoint to go back to.'
      : `The weights were rolled back to the last good checkpoint (step ${restoredStep}).`;
  const what = context.growth?.length
    ? `the loss of ${context.growth
        .map(
          (g) =>
            `${taskNames[g.task] ?? generatedTaskName(g.task)} grew from ${formatNumber(g.from)} to ${formatNumber(g.to)}`,
        )
        .join(', ')}`
    : `the loss or weights of ${where} became NaN/Inf`;
  const message =
    `Training diverged at about step ${divergence.step}: ${what} with method ${method}. ` +
    `Training was paused. ${back}`;
  const suggestion =
    `Lower the learning rate from ${formatNumber(learningRate)} to ` +
    `${formatNumber(saferLearningRate(learningRate))}, then reset.`;
  return {
    kind: 'diverged',
    runId: context.runId,
    step: divergence.step,
    tasks,
    method,
    restoredStep,
    message,
    suggestion,
  };
}

export function deviceLostNotice(
  args: Omit<DeviceLostNotice, 'kind' | 'message'>,
): DeviceLostNotice {
  const resumedFrom =
    args.restoredStep === null ? 'from step 0' : `from the checkpoint at step ${args.restoredStep}`;
  const what = args.from === 'webgl' ? 'WebGL context' : `${args.from} device`;
  const message =
    `The ${what} was lost (${args.reason}). The lab switched to ${args.to} and ` +
    `${args.resumed ? 'continues training' : 'is ready to train'} ${resumedFrom}; the loss history is kept.`;
  return { kind: 'device-lost', ...args, message };
}
