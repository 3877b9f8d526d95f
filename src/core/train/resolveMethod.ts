/**
 * The task-balancing method a config names, with its options validated and resolved over the
 * method's defaults (throws a message naming the bad option).
 */
import type { TrainConfig } from '../config/schema';
import { getMethod, resolveOptions } from '../methods/registry';
import type { MethodDefinition, MethodOptions } from '../methods/types';

export function resolveMethod(train: TrainConfig): MethodDefinition {
  return getMethod(train.method);
}

export function methodOptions(def: MethodDefinition, options: MethodOptions): MethodOptions {
  return resolveOptions(def, options);
}
