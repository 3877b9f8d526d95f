/** Public surface of src/core/io: experiment links and model weight files. */
export { decodeLink, encodeLink, type LinkState, type RunSpec } from './link';
export { LINK_FIELDS } from './linkFields';
export {
  exportSafetensors,
  exportTfjs,
  importModelFile,
  type ImportInput,
  type ModelFile,
  type ModelMeta,
  type NamedTensor,
} from './weightsFile';
export { MODEL_FORMAT } from './modelMeta';
