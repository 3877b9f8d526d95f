/**
 * Trained weights in and out of the lab: builds the ModelMeta (architecture, layers, activations,
 * tasks, feature standardisation) from a trainer and its dataset, writes safetensors or
 * TensorFlow.js files, and loads a file back only when it fits the current model. Loading never
 * changes anything when the file is rejected.
 */
import type { LabConfig } from '../core/config/schema';
import { buildModelMeta, paramSpecs } from '../core/export/modelFile';
import { exportSafetensors, exportTfjs, importModelFile, type ImportInput } from '../core/io';
import type { Trainer } from '../core/train/api';
import type { ExportedModel, ImportOutcome, WeightFormat } from './protocol/runs';
import { errorMessage } from '../core/errorMessage';

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
    tasks: trainer.dataset.tasks,
  });
  if (!result.ok) return result;
  try {
    await trainer.importWeights(result.file.tensors);
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
  return { ok: true, format: result.format };
}
