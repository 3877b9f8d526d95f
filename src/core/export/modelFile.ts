/**
 * Builds the ModelMeta / ModelFile that src/core/io writes (safetensors, TF.js) from what the lab
 * has at export time: the validated config, the dataset the model was trained on and the
 * trainer's weights. Parameter names, shapes and shared flags come from the architecture's
 * params(), so the description always matches the tensors.
 */
import { SCHEMA_VERSION, type ArchitectureId, type LabConfig } from '../config/schema';
import { csvHeader } from '../data/csvExport';
import type { Dataset } from '../data/types';
import type { ModelFile, ModelMeta, NamedTensor } from '../io';
import { getArchitecture, modelDims } from '../model/registry';
import type { Trainer } from '../train/api';

const GATED = { hidden: 'relu', gate: 'softmax', output: 'linear' };

/** What each architecture's nonlinearities are, for the description (informative). */
export const ARCHITECTURE_ACTIVATIONS: Record<ArchitectureId, Record<string, string>> = {
  'shared-bottom': { hidden: 'relu', output: 'linear' },
  stl: { hidden: 'relu', output: 'linear' },
  mmoe: GATED,
  cgc: GATED,
  ple: GATED,
  'cross-stitch': { hidden: 'relu', stitch: 'linear', output: 'linear' },
  'multitab-net': {
    attention: 'softmax',
    ffn: 'gelu',
    norm: 'layernorm',
    tower: 'relu',
    output: 'linear',
  },
};

export function buildModelMeta(config: LabConfig, dataset: Dataset): ModelMeta {
  const arch = getArchitecture(config.model.architecture);
  const specs = arch.params(config.model, modelDims(dataset));
  return {
    format: 'mtl-lab',
    schemaVersion: SCHEMA_VERSION,
    config,
    tasks: dataset.tasks.map((t) => ({ name: t.name, kind: t.kind, outputs: t.outputs })),
    features: dataset.features,
    featureNames: csvHeader(dataset).slice(0, dataset.features),
    featureMean: dataset.featureMean.slice(),
    featureStd: dataset.featureStd.slice(),
    activations: { ...ARCHITECTURE_ACTIVATIONS[config.model.architecture] },
    layers: specs.map((s) => ({ name: s.name, shape: s.shape.slice(), shared: s.shared })),
  };
}

/** The description plus the weights in the description's order; throws if a weight is missing. */
export function buildModelFile(
  config: LabConfig,
  dataset: Dataset,
  weights: readonly NamedTensor[],
): ModelFile {
  const meta = buildModelMeta(config, dataset);
  const byName = new Map(weights.map((w) => [w.name, w]));
  const tensors = meta.layers.map((layer) => {
    const w = byName.get(layer.name);
    if (!w) throw new Error(`the weights have no parameter "${layer.name}"`);
    return { name: w.name, shape: w.shape.slice(), values: w.values };
  });
  return { meta, tensors };
}

/** A trainer's current weights as a model file (pass the config the trainer was created with). */
export async function trainerModelFile(trainer: Trainer, config: LabConfig): Promise<ModelFile> {
  return buildModelFile(config, trainer.dataset, await trainer.exportWeights());
}
