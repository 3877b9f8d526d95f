/** Compiles the fused CPU engine's AssemblyScript kernels when a source is newer (build-kernels.mjs). */
export function buildKernels(options?: { force?: boolean }): Promise<void>;
