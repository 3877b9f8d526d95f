/**
 * The architecture registry: one folder per architecture (architectures/<id>/), one line here.
 * `registerArchitecture` adds one at run time (a test's, or a plug-in's) without touching any
 * other file.
 */
import type { ArchitectureId, ModelConfig } from '../config/schema';
import type { Dataset } from '../data/types';
import type { ArchitectureDefinition, ModelDims } from './types';
import { cgc } from './architectures/cgc';
import { crossStitch } from './architectures/cross-stitch';
import { dsmtl } from './architectures/dsmtl';
import { mmoe } from './architectures/mmoe';
import { multitabNet } from './architectures/multitab-net';
import { ple } from './architectures/ple';
import { sharedBottom } from './architectures/shared-bottom';
import { sparseMoe } from './architectures/sparse-moe';
import { stl } from './architectures/stl';

export const architectures: Record<ArchitectureId, ArchitectureDefinition> = {
  'shared-bottom': sharedBottom,
  stl,
  mmoe,
  cgc,
  ple,
  'cross-stitch': crossStitch,
  'multitab-net': multitabNet,
  dsmtl,
  'sparse-moe': sparseMoe,
};

const registered = new Map<string, ArchitectureDefinition>();

/**
 * Adds an architecture under its id (an id already taken is refused: the built-in ones are
 * fixed, and two definitions under one id would make saved runs ambiguous).
 */
export function registerArchitecture(def: ArchitectureDefinition): void {
  if (def.id in architectures || registered.has(def.id)) {
    throw new Error(`an architecture "${def.id}" is already registered`);
  }
  registered.set(def.id, def);
}

export function getArchitecture(id: string): ArchitectureDefinition {
  const def =
    (architectures as Record<string, ArchitectureDefinition | undefined>)[id] ?? registered.get(id);
  if (!def) throw new Error(`unknown architecture "${id}"`);
  return def;
}

/** MMoEEx's open cells of architecture `id`'s task gates (null: none closed, or no gates). */
export function gateOpenCells(id: string, config: ModelConfig, tasks: number): number[][] | null {
  return getArchitecture(id).gateOpenCells?.(config, tasks) ?? null;
}

export function modelDims(dataset: Pick<Dataset, 'features' | 'tasks'>): ModelDims {
  return {
    features: dataset.features,
    tasks: dataset.tasks.length,
    outputs: dataset.tasks.map((t) => t.outputs),
  };
}
