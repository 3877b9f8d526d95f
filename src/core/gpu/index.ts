/**
 * Custom WebGPU kernels for the training step. Every op runs one custom program on the 'webgpu'
 * backend and falls back to the same arithmetic in plain tf ops on any other backend.
 */
export type { AdamConfig } from './adamConfig';
export { fusedAdam } from './fusedAdam';
export { packedAdam, combineAdam, type CombineAdamArgs } from './combineAdam';
export {
  FusedAdamOptimizer,
  type VariableOptimizer,
  type FusedAdamOptions,
  type CombinedGradients,
} from './fusedAdamOptimizer';
export { combineGradients } from './combineGradients';
export { gramMatrix, gramStats, parseGramStats } from './gramStats';
export { PackedLayout, type ParamRole, type ParamSpec, type PackedSegment } from './packedLayout';
export {
  packValues,
  initPackedState,
  stackTaskGradients,
  restGradients,
  flattenGradients,
} from './packing';
export { paramViews, paramView, type ParamViewOptions } from './paramViews';
export type { TaskWeights } from './taskWeights';
export {
  installDispatchCounter,
  countGpuWork,
  type DispatchCounter,
  type GpuCounts,
} from './dispatchCounter';
export { activeWebGPUBackend } from './webgpuBackend';
