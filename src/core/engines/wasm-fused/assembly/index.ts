/** The fused engine's kernels (AssemblyScript; compiled by scripts/build-kernels.mjs). */
export * from './gemm';
export * from './layers';
export * from './update';
export * from './replay';

/** First free byte after the module's static data: the host's arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}
