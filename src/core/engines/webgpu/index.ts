/**
 * Custom WebGPU kernels for the training step. Every op runs one custom program on the 'webgpu'
 * backend and falls back to the same arithmetic in plain tf ops on any other backend.
 */
export { fusedAdam } from './fusedAdam';
export { packedAdam, combineAdam, type CombineAdamArgs } from './combineAdam';
export { FusedAdamOptimizer } from './fusedAdamOptimizer';
export { combineGradients } from './combineGradients';
export { gramMatrix, gramStats, parseGramStats } from './gramStats';
export { PackedLayout } from './packedLayout';
export { initPackedState, stackTaskGradients, restGradients } from './packing';
export { paramViews } from './paramViews';
export { countGpuWork, type GpuCounts } from './dispatchCounter';
