/**
 * The architecture registry: one file per architecture, one line here.
 */
import type { ArchitectureId } from '../config/schema';
import type { Dataset } from '../data/types';
import type { ArchitectureDefinition, ModelDims } from './types';
import { cgc } from './cgc';
import { crossStitch } from './cross-stitch';
import { mmoe } from './mmoe';
import { multitabNet } from './multitab-net';
import { ple } from './ple';
import { sharedBottom } from './shared-bottom';
import { stl } from './stl';

export const architectures: Record<ArchitectureId, ArchitectureDefinition> = {
  'shared-bottom': sharedBottom,
  stl,
  mmoe,
  cgc,
  ple,
  'cross-stitch': crossStitch,
  'multitab-net': multitabNet,
};

export function getArchitecture(id: string): ArchitectureDefinition {
  const def = (architectures as Record<string, ArchitectureDefinition | undefined>)[id];
  if (!def) throw new Error(`unknown architecture "${id}"`);
  return def;
}

export function modelDims(dataset: Pick<Dataset, 'features' | 'tasks'>): ModelDims {
  return {
    features: dataset.features,
    tasks: dataset.tasks.length,
    outputs: dataset.tasks.map((t) => t.outputs),
  };
}
