/**
 * Losing the GPU under the running backend: the WebGPU device (driver crash, GPU reset) or the
 * WebGL context (the browser reclaims it, or the GPU resets), or the test hook that forces either.
 * Notice it (`device.lost`, the canvas's `webglcontextlost`), drop the dead tfjs backend, and
 * activate the next backend in the order webgpu → webgl → wasm → cpu. The session then resumes
 * the run from its checkpoint.
 */
import {
  BACKEND_NAMES,
  resetWebGpuRegistration,
  selectBackend,
  type BackendName,
  type BackendOptions,
  type BackendSelection,
} from './backend';
import { errorMessage } from '../../errorMessage';

/** The GPU resource a backend runs on: a way to wait for its loss, and a way to lose it. */
interface LosableGpu {
  /** Identifies the resource, so a replaced one is not mistaken for a loss. */
  handle: object;
  /** Starts watching (attaches a listener); settles with the reason when it is lost. */
  whenLost(): Promise<string>;
  lose(): void;
}

interface WebGpuDevice {
  lost: Promise<{ message?: string; reason?: string }>;
  destroy(): void;
}

interface WebGlContext {
  canvas: { addEventListener(type: string, listener: () => void): void };
  getExtension(name: 'WEBGL_lose_context'): { loseContext(): void } | null;
}

async function currentGpu(): Promise<LosableGpu | null> {
  const { tf } = await import('../../tf');
  const backend = tf.backend() as unknown as {
    device?: WebGpuDevice;
    gpgpu?: { gl?: WebGlContext };
  };
  if (tf.getBackend() === 'webgpu') {
    const device = backend.device;
    if (!device || typeof device.destroy !== 'function') return null;
    return {
      handle: device,
      whenLost: () => device.lost.then((info) => info.message || info.reason || 'unknown reason'),
      lose: () => device.destroy(),
    };
  }
  if (tf.getBackend() === 'webgl') {
    const gl = backend.gpgpu?.gl;
    if (!gl?.canvas || typeof gl.canvas.addEventListener !== 'function') return null;
    return {
      handle: gl,
      whenLost: () =>
        new Promise((resolve) =>
          gl.canvas.addEventListener('webglcontextlost', () => resolve('webglcontextlost')),
        ),
      lose: () => gl.getExtension('WEBGL_lose_context')?.loseContext(),
    };
  }
  return null;
}

/** The backends to try after `lost`, in the lab's order. */
export function fallbackOrder(lost: BackendName): BackendName[] {
  return BACKEND_NAMES.slice(BACKEND_NAMES.indexOf(lost) + 1);
}

/**
 * Calls `onLost` once if the GPU under the current backend (WebGPU device or WebGL context) is
 * lost while it is still the one in use. Does nothing on wasm and cpu.
 */
export async function watchDeviceLoss(
  onLost: (from: BackendName, reason: string) => void,
): Promise<void> {
  const { tf } = await import('../../tf');
  const gpu = await currentGpu();
  if (!gpu) return;
  const from = tf.getBackend() as BackendName;
  void gpu.whenLost().then(async (reason) => {
    // A device we replaced on purpose is not a loss.
    if ((await currentGpu())?.handle !== gpu.handle) return;
    onLost(from, reason);
  });
}

/** Test hook: lose the WebGPU device or the WebGL context the way a GPU reset would. */
export async function destroyCurrentDevice(): Promise<boolean> {
  const gpu = await currentGpu();
  if (!gpu) return false;
  gpu.lose();
  return true;
}

/** Remove the dead backend, then activate the first of the later backends that starts. */
export async function activateAfterLoss(
  lost: BackendName,
  options: BackendOptions,
): Promise<BackendSelection> {
  const { tf } = await import('../../tf');
  try {
    // Its device is gone; without this, tf.setBackend(lost) would reuse the dead instance.
    tf.removeBackend(lost);
  } catch (error) {
    console.warn(`MTL Lab: disposing the lost ${lost} backend failed:`, error);
  }
  const skipped: BackendSelection['skipped'] = [{ name: lost, reason: 'its device was lost' }];
  try {
    for (const name of fallbackOrder(lost)) {
      const selection = await selectBackend(name, options).catch((error: unknown) => {
        skipped.push({ name, reason: errorMessage(error) });
        return null;
      });
      if (selection && fallbackOrder(lost).includes(selection.name)) {
        return { ...selection, skipped: [...skipped, ...selection.skipped] };
      }
    }
    throw new Error(`no backend after ${lost} could start`);
  } finally {
    // A later, explicit choice of WebGPU registers a fresh backend with a new device.
    if (lost === 'webgpu') resetWebGpuRegistration();
  }
}
