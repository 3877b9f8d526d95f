/**
 * The task-balancing method a config names, with its options validated and resolved over the
 * method's defaults (throws a message naming the bad option). A loss transform other than 'none'
 * is stacked under the method (methods/transforms/compose.ts); a training procedure other than
 * 'none' wraps the result (methods/procedures/wrap.ts; it refuses methods it cannot run).
 */
import type { TrainConfig } from '../config/schema';
import { getMethod, resolveOptions } from '../methods/registry';
import { acceptsTransform, composeMethod } from '../methods/transforms/compose';
import { getLossTransform } from '../methods/transforms/registry';
import { getProcedure } from '../methods/procedures/registry';
import { wrapMethod } from '../methods/procedures/wrap';
import type { MethodDefinition, MethodOptions } from '../methods/types';

export function resolveMethod(
  train: Pick<TrainConfig, 'method'> & Partial<Pick<TrainConfig, 'lossTransform' | 'procedure'>>,
): MethodDefinition {
  const stacked = withTransform(train);
  const procedure = getProcedure(train.procedure ?? 'none');
  return procedure ? wrapMethod(stacked, procedure) : stacked;
}

function withTransform(
  train: Pick<TrainConfig, 'method'> & Partial<Pick<TrainConfig, 'lossTransform'>>,
): MethodDefinition {
  const method = getMethod(train.method);
  const transform = getLossTransform(train.lossTransform ?? 'none');
  if (!transform) return method;
  if (!acceptsTransform(method)) {
    throw new Error(
      `loss transform "${transform.id}" goes under a gradient method or EW; "${method.id}" already ` +
        'weights the losses itself, so choose loss transform "none" for it',
    );
  }
  return composeMethod(method, transform);
}

export function methodOptions(def: MethodDefinition, options: MethodOptions): MethodOptions {
  return resolveOptions(def, options);
}
