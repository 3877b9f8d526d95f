/** Shared preamble of the *.webgpu.test.ts files: set up Dawn once, or explain the skip. */
import { installDispatchCounter, type DispatchCounter } from '../dispatchCounter';
import { requireWebGPU, setupNodeWebGPU, type NodeWebGPU } from './nodeWebgpu';

export interface WebGPUSuite extends NodeWebGPU {
  counter: DispatchCounter;
}

/** Resolves to the suite context, or null (after printing why) when no adapter is available. */
export async function webgpuSuite(file: string): Promise<WebGPUSuite | null> {
  const gpu = await setupNodeWebGPU();
  if (!gpu.ok) {
    if (requireWebGPU) throw new Error(`MTL_REQUIRE_WEBGPU=1 but ${gpu.reason}`);
    console.warn(`[${file}] skipping WebGPU tests: ${gpu.reason}`);
    return null;
  }
  return { ...gpu, counter: installDispatchCounter() };
}

/** Narrows the suite inside describe.skipIf bodies (which only run when it is non-null). */
export function must(suite: WebGPUSuite | null): WebGPUSuite {
  if (!suite) throw new Error('WebGPU suite used without an adapter');
  return suite;
}
