/**
 * A training procedure changes how one step computes its gradients, around whatever method
 * balances the tasks: flat-region SAM (sam.ts) and MMoEEx's two-step FOMAML balancing (fomaml.ts).
 * It is chosen beside the method (the config's train.procedure, "training procedure" in the Model
 * panel); its options live in methodOptions beside the method's own, as a loss transform's do.
 */
import type { MethodDefinition, MethodOptions, OptionSpec } from '../types';
import type { ProcedureId } from './ids';

export interface ProcedureDefinition {
  id: Exclude<ProcedureId, 'none'>;
  label: string;
  summary: string;
  citation: string;
  /** Where the lab differs from the paper or the official code (shown under the summary). */
  deviations: string;
  options: OptionSpec[];
  /** Why this procedure cannot wrap `method` (a sentence a person understands), or null. */
  refuses(method: MethodDefinition): string | null;
  /** Per-run state the procedure keeps for its step (FOMAML's LBTW reference losses). */
  lossWeights?(
    tasks: number,
    options: MethodOptions,
  ): (step: number, stepsPerEpoch: number, losses: Float64Array) => Float64Array;
}

/** Methods that balance the representation gradients or need losses after the update. */
export function parameterSpaceRefusal(procedure: string, method: MethodDefinition): string | null {
  if (method.needs.gradSource === 'representation') {
    return (
      `${procedure} works on the task gradients of the shared parameters; "${method.id}" balances ` +
      'the representation gradients (R mode), so choose training procedure "none" for it'
    );
  }
  if (method.needs.lossesAfter) {
    return `${procedure} cannot give "${method.id}" the losses after its update; choose training procedure "none" for it`;
  }
  return null;
}
