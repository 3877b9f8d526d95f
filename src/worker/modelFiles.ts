/**
 * Trained weights in and out of the lab: builds the ModelMeta (architecture, layers, activations,
 * tasks, feature standardisation) from a trainer and its dataset, writes safetensors or
 * TensorFlow.js files, and loads a file back only when it fits the current model. Loading never
 * changes anything when the file is rejected.
 */
import type { LabConfig } from '../core/config/schema';
import type { Dataset } from '../core/data/types';
import {
  MODEL_FORMAT,
  exportSafetensors,
  exportTfjs,
  importModelFile,
  type ImportInput,
  type ModelMeta,
} from '../core/io';
import { getArchitecture, modelDims } from '../core/model/registry';
import type { ParamSpec } from '../core/model/types';
import type { Trainer } from '../core/train/api';
import { SCHEMA_VERSION } from '../core/config/schema';

export type WeightFormat = 'safetensors' | 'tfjs';

/** What the worker hands to the page; both shapes are structured-cloneable. */
export type ExportedModel =
  | { format: 'safetensors'; bytes: Uint8Array }
  | { format: 'tfjs'; modelJson: string; weights: Uint8Array };

export type ImportOutcome = { ok: true; format: WeightFormat } | { ok: false; message: string };

/** Activations per part of each architecture, as the forward passes in src/core/model use them. */
const ACTIVATIONS: Record<LabConfig['model']['architecture'], Record<string, string>> = {
  'shared-bottom': { hidden: 'relu', tower: 'relu', output: 'linear' },
  stl: { hidden: 'relu', tower: 'relu', output: 'linear' },
  mmoe: { expert: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  cgc: { expert: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  ple: { expert: 'relu', gate: 'softmax', tower: 'relu', output: 'linear' },
  'cross-stitch': { hidden: 'relu', stitch: 'linear', tower: 'relu', output: 'linear' },
  'multitab-net': { attention: 'softmax', ffn: 'gelu', norm: 'layernorm', output: 'linear' },
};

/** Output-unit meaning, so a reader knows how to turn outputs into predictions. */
const OUTPUT_NOTE = { regression: 'identity', binary: 'sigmoid', multiclass: 'softmax' };

export function paramSpecs(config: LabConfig, dataset: Dataset): ParamSpec[] {
  return getArchitecture(config.model.architecture).params(config.model, modelDims(dataset));
}

function featureNames(dataset: Dataset): string[] {
  const { source, features } = dataset;
  if (source.kind === 'csv' && source.featureNames.length === features) return source.featureNames;
  return Array.from({ length: features }, (_, i) => `x${i + 1}`);
}

export function buildModelMeta(config: LabConfig, dataset: Dataset): ModelMeta {
  const kinds = new Set(dataset.tasks.map((t) => t.kind));
  const activations: Record<string, string> = { ...ACTIVATIONS[config.model.architecture] };
  for (const kind of kinds) activations[`output.${kind}`] = OUTPUT_NOTE[kind];
  return {
    format: MODEL_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    config,
    tasks: dataset.tasks.map((t) => ({ name: t.name, kind: t.kind, outputs: t.outputs })),
    features: dataset.features,
    featureNames: featureNames(dataset),
    featureMean: dataset.featureMean.slice(),
    featureStd: dataset.featureStd.slice(),
    activations,
    layers: paramSpecs(config, dataset).map((s) => ({
      name: s.name,
      shape: s.shape.slice(),
      shared: s.shared,
    })),
  };
}

export async function exportModel(
  trainer: Trainer,
  config: LabConfig,
  format: WeightFormat,
): Promise<ExportedModel> {
  const file = {
    meta: buildModelMeta(config, trainer.dataset),
    tensors: await trainer.exportWeights(),
  };
  if (format === 'safetensors') return { format, bytes: exportSafetensors(file) };
  const { json, bin } = exportTfjs(file);
  return { format, modelJson: json, weights: bin };
}

/** Checks the file against the current model; only a file that fits replaces the weights. */
export async function importModel(
  trainer: Trainer,
  config: LabConfig,
  input: ImportInput,
): Promise<ImportOutcome> {
  const result = importModelFile(input, {
    config,
    paramShapes: paramSpecs(config, trainer.dataset),
  });
  if (!result.ok) return result;
  try {
    await trainer.importWeights(result.file.tensors);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, format: result.format };
}
