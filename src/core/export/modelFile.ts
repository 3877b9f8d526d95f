/**
 * Builds the ModelMeta / ModelFile that src/core/io writes (safetensors, TF.js) from what the lab
 * has at export time: the validated config, the dataset the model was trained on and the
 * trainer's weights. Parameter names, shapes and shared flags come from the architecture's
 * params(), so the description always matches the tensors.
 */
import { SCHEMA_VERSION, type ArchitectureId, type LabConfig } from '../config/schema';
import { csvHeader } from '../data/csvExport';
import type { Dataset } from '../data/types';
import { MODEL_FORMAT, type ModelFile, type ModelMeta, type NamedTensor } from '../io';
import { getArchitecture, modelDims } from '../model/registry';
import { initDistribution } from '../model/init';
import type { ParamSpec } from '../model/types';
import type { Trainer } from '../train/api';

/** Activations per part of each architecture, as the forward passes in src/core/model use them (hidden: the MLPs of config.hidden, experts included). */
export const ARCHITECTURE_ACTIVATIONS: Record<ArchitectureId, Record<string, string>> = {
  'shared-bottom': { hidden: 'relu', tower: 'relu', output: 'linear' },
  stl: { hidden: 'relu', tower: 'relu', output: 'linear' },
  mmoe: { hidden: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  cgc: { hidden: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  ple: { hidden: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  'cross-stitch': { hidden: 'relu', stitch: 'linear', tower: 'relu', output: 'linear' },
  'multitab-net': { attention: 'softmax', ffn: 'gelu', norm: 'layernorm', output: 'linear' },
  dsmtl: { hidden: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
};

/** Output-unit meaning, so a reader knows how to turn outputs into predictions. */
const OUTPUT_NOTE = { regression: 'identity', binary: 'sigmoid', multiclass: 'softmax' };

/** The model's parameters (names, shapes, shared flags) for this config on this dataset. */
export function paramSpecs(config: LabConfig, dataset: Dataset): ParamSpec[] {
  return getArchitecture(config.model.architecture).params(config.model, modelDims(dataset));
}

export function buildModelMeta(config: LabConfig, dataset: Dataset): ModelMeta {
  const activations: Record<string, string> = {
    ...ARCHITECTURE_ACTIVATIONS[config.model.architecture],
  };
  for (const kind of new Set(dataset.tasks.map((t) => t.kind))) {
    activations[`output.${kind}`] = OUTPUT_NOTE[kind];
  }
  return {
    format: MODEL_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    config,
    // On an imported table config.data describes the generator, not the data (see validateMeta).
    dataSource: dataset.source.kind === 'csv' ? 'csv' : 'generator',
    tasks: dataset.tasks.map((t) => ({
      name: t.name,
      kind: t.kind,
      outputs: t.outputs,
      ...(t.labelScale ? { labelMean: t.labelScale.mean, labelStd: t.labelScale.std } : {}),
    })),
    features: dataset.features,
    featureNames: csvHeader(dataset).slice(0, dataset.features),
    featureMean: dataset.featureMean.slice(),
    featureStd: dataset.featureStd.slice(),
    activations,
    layers: paramSpecs(config, dataset).map((s) => ({
      name: s.name,
      shape: s.shape.slice(),
      shared: s.shared,
      init: initDistribution(s, config.model.init),
    })),
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
