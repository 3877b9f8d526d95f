/**
 * Weights and code out of the lab, and weights back in. The worker builds and checks the files;
 * a rejected file leaves the running model untouched and says why.
 */
import { importModelFile, type ImportInput, type ModelMeta } from '../../core/io';
import type { ExportedModel, WeightFormat } from '../../worker/protocol/runs';
import { getConnection } from './connection';

export type TfjsFiles = { modelJson: string; weights: Uint8Array };

/** safetensors → bytes; tfjs → model.json text and weights.bin bytes. */
export async function exportWeights(format: WeightFormat): Promise<Uint8Array | TfjsFiles> {
  const { api, started } = getConnection();
  await started;
  const file: ExportedModel = await api.exportModel(format);
  return file.format === 'safetensors'
    ? file.bytes
    : { modelJson: file.modelJson, weights: file.weights };
}

/** Loads weights into the current run; rejects with the reason when the file does not fit. */
export async function importWeights(
  input: ImportInput,
): Promise<{ ok: true; format: WeightFormat }> {
  const { api, started } = getConnection();
  await started;
  const outcome = await api.importModel(input);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
}

export async function predict(split: 'train' | 'test'): Promise<number[][]> {
  if (split !== 'train' && split !== 'test')
    throw new Error(`split must be "train" or "test" (got ${String(split)})`);
  const { api, started } = getConnection();
  await started;
  return api.predict(split);
}

/** The description of the current model, as stored in its weight files. */
export async function currentModelMeta(): Promise<ModelMeta> {
  const files = await exportWeights('tfjs');
  if (files instanceof Uint8Array) throw new Error('unexpected export format');
  const read = importModelFile({ json: files.modelJson, bin: files.weights });
  if (!read.ok) throw new Error(read.message);
  return read.file.meta;
}

type PyTorchModule = { exportPyTorch?: (meta: ModelMeta) => string };

/**
 * The PyTorch generator (src/core/export/pytorch) is loaded lazily and only if it is present, so
 * the lab builds before it lands; the button says so until then.
 */
const pytorchModules = import.meta.glob<PyTorchModule>('../../core/export/pytorch/index.ts');

export function pytorchAvailable(): boolean {
  return Object.keys(pytorchModules).length > 0;
}

export async function exportPyTorch(): Promise<string> {
  const load = Object.values(pytorchModules)[0];
  if (!load) throw new Error('the PyTorch export is not part of this build yet');
  const module = await load();
  if (typeof module.exportPyTorch !== 'function') {
    throw new Error('the PyTorch export module has no exportPyTorch(meta) function');
  }
  return module.exportPyTorch(await currentModelMeta());
}

/** Reads files chosen in a file picker: one .safetensors, or model.json together with weights.bin. */
export async function readWeightFiles(files: readonly File[]): Promise<ImportInput | string> {
  if (files.length === 1 && !files[0].name.endsWith('.json')) {
    return new Uint8Array(await files[0].arrayBuffer());
  }
  const json = files.find((f) => f.name.endsWith('.json'));
  const bin = files.find((f) => f !== json);
  if (!json || !bin || files.length !== 2) {
    return 'choose one .safetensors file, or a model.json together with its weights.bin';
  }
  return { json: await json.text(), bin: new Uint8Array(await bin.arrayBuffer()) };
}
