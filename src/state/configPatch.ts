import type { z } from 'zod';
import { LIMITS, type configSchema, type LabConfig } from '../core/config/schema';
import { resizeTaskSpecs } from '../core/config/defaults';
import { mergeConfig, validateConfig, type Validation } from '../core/config/validate';

/** A partial config: any subset of fields at any depth; arrays replace whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Patches use the schema's input type: fields with defaults (task kind, ...) may be left out. */
export type ConfigPatch = DeepPartial<z.input<typeof configSchema>>;

export interface ConfigProposal {
  /** The merged config, possibly invalid; controls show it while the person fixes it. */
  candidate: LabConfig;
  validation: Validation<LabConfig>;
}

/**
 * Merge a patch over a config and validate. Changing the task count without giving per-task
 * settings resizes them (keeping existing tasks, repeating the last), as the controls expect.
 */
export function proposeConfig(base: LabConfig, patch: ConfigPatch): ConfigProposal {
  const candidate = switchMethodOptions(base, patch, mergeConfig(base, patch));
  const tasks = candidate.data.tasks;
  const tasksInRange =
    Number.isInteger(tasks) && tasks >= LIMITS.tasks.min && tasks <= LIMITS.tasks.max;
  if (patch.data?.tasks !== undefined && patch.data.taskSpecs === undefined && tasksInRange) {
    const taskSpecs = resizeTaskSpecs(candidate.data.taskSpecs, tasks);
    const { correlation, rho } = candidate.data;
    const resized = { ...candidate, data: { ...candidate.data, taskSpecs } };
    // A full similarity matrix follows the task count too (new pairs take the rho shortcut).
    if (correlation !== null && patch.data.correlation === undefined)
      resized.data.correlation = resizeCorrelation(correlation, tasks, rho);
    return { candidate: resized, validation: validateConfig(resized) };
  }
  return { candidate, validation: validateConfig(candidate) };
}

/**
 * Options belong to one method (and its loss transform): choosing another method or transform
 * replaces them with the patch's options (none = the defaults) instead of merging the old keys in.
 */
function switchMethodOptions(base: LabConfig, patch: ConfigPatch, merged: LabConfig): LabConfig {
  const method = patch.train?.method;
  const transform = patch.train?.lossTransform;
  const procedure = patch.train?.procedure;
  const sameMethod = method === undefined || method === base.train.method;
  const sameTransform = transform === undefined || transform === base.train.lossTransform;
  const sameProcedure = procedure === undefined || procedure === base.train.procedure;
  if (sameMethod && sameTransform && sameProcedure) return merged;
  const methodOptions = {
    ...(patch.train?.methodOptions ?? {}),
  } as LabConfig['train']['methodOptions'];
  return { ...merged, train: { ...merged.train, methodOptions } };
}

/**
 * Resize a full similarity matrix to T tasks: existing pairs are kept, new pairs get `rho`, the
 * diagonal is 1. The result may not be positive semidefinite; validation then says so.
 */
export function resizeCorrelation(P: number[][], tasks: number, rho: number): number[][] {
  return Array.from({ length: tasks }, (_, i) =>
    Array.from({ length: tasks }, (_, j) => (i === j ? 1 : (P[i]?.[j] ?? rho))),
  );
}

/** True when the two configs generate different data. */
export function dataDiffers(a: LabConfig, b: LabConfig): boolean {
  return JSON.stringify(a.data) !== JSON.stringify(b.data);
}
