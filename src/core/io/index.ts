/** Public surface of src/core/io: experiment links and model weight files. */
export { decodeLink, encodeLink, type DecodeOptions, type LinkState, type RunSpec } from './link';
export { LINK_FIELDS, type LinkField } from './linkFields';
export { MAX_RUNS } from './linkExtras';
export {
  WeightFileError,
  exportSafetensors,
  exportTfjs,
  importModelFile,
  type ExpectedModel,
  type ImportInput,
  type ImportResult,
  type ModelFile,
  type ModelMeta,
  type NamedTensor,
  type ParamShape,
} from './weightsFile';
export { readSafetensors, writeSafetensors, type SafetensorsContent } from './safetensors';
export { readTfjs, writeTfjs, TFJS_WEIGHTS_PATH, type TfjsArtifacts } from './tfjsFormat';
export { MODEL_FORMAT } from './modelMeta';
