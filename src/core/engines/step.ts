/**
 * The engine-neutral training step over an EngineRun, with the semantics of
 * src/core/train/step.ts: the method's needs pick the backward mode, the method aggregates on
 * float64 arrays, the run turns its result into the update, `observe` follows.
 */
import type { MethodInstance, MethodNeeds } from '../methods/types';
import type { BackwardMode, EngineRun } from './types';

export interface EngineStepContext {
  run: EngineRun;
  method: MethodInstance;
  needs: MethodNeeds;
  tasks: number;
  stepsPerEpoch: number;
}

export interface EngineStepOutcome {
  losses: Float64Array;
  weights: number[] | null;
  gram: Float64Array | null;
}

export function backwardMode(needs: MethodNeeds): BackwardMode {
  if (needs.grads === 'none') return 'weighted';
  return needs.gradSource === 'representation' ? 'representation' : 'per-task';
}

/** One step on the batch already loaded into the run's training pass. */
export function engineStep(ctx: EngineStepContext, step: number): EngineStepOutcome {
  const { run, method, needs } = ctx;
  const mode = backwardMode(needs);
  const losses = run.forward('train');
  let outcome: EngineStepOutcome;
  if (mode === 'weighted') {
    const result = method.aggregate({
      step,
      stepsPerEpoch: ctx.stepsPerEpoch,
      losses: needs.losses ? losses : undefined,
    });
    const weights = result.weights ?? new Float64Array(ctx.tasks).fill(1);
    const stats = run.backward(mode, weights);
    run.update(mode, result, stats);
    outcome = { losses, weights: Array.from(weights), gram: null };
  } else {
    const stats = run.backward(mode, undefined, needs.grads === 'jacobian');
    const result = method.aggregate({
      step,
      stepsPerEpoch: ctx.stepsPerEpoch,
      losses,
      gram: stats.gram ?? undefined,
      jacobian: stats.rows,
    });
    run.update(mode, result, stats);
    outcome = {
      losses,
      weights: result.weights ? Array.from(result.weights) : null,
      gram: stats.gram,
    };
  }
  if (method.observe) method.observe(losses, needs.lossesAfter ? run.forward('train') : undefined);
  return outcome;
}
