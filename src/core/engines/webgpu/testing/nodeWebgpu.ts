/**
 * Test helper: runs tfjs-backend-webgpu in Node on Dawn (npm `webgpu`).
 *
 * Dawn loads Vulkan with dlopen("libvulkan.so.1"). On a GPU-less Debian box the loader and the
 * SwiftShader ICD come with Chromium, so the process must START with
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium
 * (LD_LIBRARY_PATH is read by the dynamic linker at process start; setting it later has no effect).
 * VK_ICD_FILENAMES is read by the Vulkan loader when Dawn creates its instance, so it is filled in
 * here when unset. `webgpuRelaunch.test.ts` re-runs the GPU suite in a child process with both set.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { tf } from '../../../tf';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeWebGPU {
  ok: true;
  backend: WebGPUBackend;
  device: GPUDevice;
  /** e.g. "google swiftshader"; asserted in tests so a CPU run never poses as a GPU run. */
  adapter: string;
}

export interface NoWebGPU {
  ok: false;
  reason: string;
}

/** Env a child process needs for Dawn to find the SwiftShader Vulkan driver, or null if absent. */
export function swiftShaderEnv(): Record<string, string> | null {
  if (!existsSync(SWIFTSHADER_ICD)) return null;
  const dir = dirname(SWIFTSHADER_ICD);
  const ld = process.env.LD_LIBRARY_PATH;
  return {
    VK_ICD_FILENAMES: SWIFTSHADER_ICD,
    LD_LIBRARY_PATH: ld ? `${dir}:${ld}` : dir,
  };
}

/** Set by the relaunching test: a missing adapter must fail instead of skip. */
export const requireWebGPU = process.env.MTL_REQUIRE_WEBGPU === '1';

interface WebGPUModule {
  create(options: string[]): GPU;
  globals: object;
}

let pending: Promise<NodeWebGPU | NoWebGPU> | null = null;

/** Idempotent; resolves to the backend or to the reason it is unavailable. Never throws. */
export function setupNodeWebGPU(): Promise<NodeWebGPU | NoWebGPU> {
  pending ??= setup().catch((e: unknown) => ({ ok: false as const, reason: String(e) }));
  return pending;
}

async function setup(): Promise<NodeWebGPU | NoWebGPU> {
  if (process.env.VK_ICD_FILENAMES === undefined && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  const { create, globals } = (await import('webgpu')) as unknown as WebGPUModule;
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const probe = await gpu.requestAdapter();
  if (probe === null) {
    return {
      ok: false,
      reason:
        'no WebGPU adapter from Dawn (no Vulkan driver). Start the process with ' +
        `VK_ICD_FILENAMES=${SWIFTSHADER_ICD} LD_LIBRARY_PATH=${dirname(SWIFTSHADER_ICD)}`,
    };
  }
  // Node 20 has no navigator; Node >= 21 has a read-only getter, hence defineProperty.
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu, userAgent: 'node' },
    configurable: true,
    writable: true,
  });
  // The backend registers itself only if navigator.gpu exists at import time: import it now.
  await import('@tensorflow/tfjs-backend-webgpu');
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('webgpu')))
    return { ok: false, reason: 'tf.setBackend("webgpu") failed' };
  await tf.ready();
  // Small CPU-resident inputs would otherwise run on the CPU, hiding the WebGPU path under test.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  const backend = tf.backend() as unknown as WebGPUBackend;
  const info = backend.adapterInfo as unknown as { vendor?: string; architecture?: string };
  return {
    ok: true,
    backend,
    device: backend.device,
    adapter: `${info.vendor ?? '?'} ${info.architecture ?? '?'}`,
  };
}

/**
 * Runs `body` inside a validation + internal error scope of the device, so WGSL or binding errors
 * (which tfjs never throws) fail the test. Awaiting a readback inside `body` flushes the queue.
 */
export async function withGpuErrorScope<T>(device: GPUDevice, body: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  device.pushErrorScope('internal');
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await body() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const internal = await device.popErrorScope();
  const validation = await device.popErrorScope();
  const gpuError = validation ?? internal;
  if (gpuError) throw new Error(`WebGPU error: ${gpuError.message}`);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
