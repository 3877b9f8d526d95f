/**
 * A method run under a training procedure: same aggregation, plus `needs.procedure` (which step
 * runs, and what an engine must support) and the procedure's options beside the method's. The
 * instance carries ProcedureHooks for the step: the procedure's options, SAM's second instance of
 * the method (a stateful method keeps one state for the loss gradients and one for the flatness
 * gradients), FOMAML's loss weights, and the step's display values, merged into state().
 */
import { pick } from '../transforms/compose';
import type { MethodContext, MethodDefinition, MethodInstance } from '../types';
import type { ProcedureDefinition } from './types';

export function wrapMethod(
  method: MethodDefinition,
  procedure: ProcedureDefinition,
): MethodDefinition {
  const refusal = procedure.refuses(method);
  if (refusal) throw new Error(refusal);
  const methodKeys = method.options.map((o) => o.key);
  const procedureKeys = procedure.options.map((o) => o.key);
  return {
    ...method,
    label: `${procedure.label} · ${method.label}`,
    needs: {
      ...method.needs,
      procedure: procedure.id,
      // Both steps read the task gradients back; loss methods then weight their rows.
      grads: method.needs.grads === 'none' ? 'gram' : method.needs.grads,
    },
    options: [...method.options, ...procedure.options],
    create(context: MethodContext): MethodInstance {
      const own = { ...context, options: pick(context.options, methodKeys) };
      const options = pick(context.options, procedureKeys);
      const inner = method.create(own);
      const flatness = procedure.id === 'sam' ? method.create(own) : undefined;
      const lossWeights = procedure.lossWeights?.(context.tasks, options);
      let shown: Record<string, number[]> = {};
      return {
        aggregate: (input) => inner.aggregate(input),
        observe: inner.observe
          ? (losses, after) => {
              inner.observe!(losses, after);
              flatness?.observe?.(losses, after);
            }
          : undefined,
        state: () => ({ ...(inner.state?.() ?? {}), ...shown }),
        procedure: {
          options,
          flatness,
          lossWeights,
          report: (values) => (shown = values),
        },
      };
    },
  };
}
