/**
 * Losing the WebGPU device (driver crash, GPU reset, or `device.destroy()` from the test hook):
 * notice it through `device.lost`, drop the dead tfjs backend, and activate the next backend in
 * the order webgpu → webgl → wasm → cpu. The session then resumes the run from its checkpoint.
 */
import {
  BACKEND_NAMES,
  resetWebGpuRegistration,
  selectBackend,
  type BackendName,
  type BackendOptions,
  type BackendSelection,
} from '../core/backend';

interface LosableDevice {
  lost: Promise<{ message?: string; reason?: string }>;
  destroy(): void;
}

async function currentDevice(): Promise<LosableDevice | null> {
  const { tf } = await import('../core/tf');
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: LosableDevice }).device;
  return device && typeof device.destroy === 'function' ? device : null;
}

/** The backends to try after `lost`, in the lab's order. */
export function fallbackOrder(lost: BackendName): BackendName[] {
  return BACKEND_NAMES.slice(BACKEND_NAMES.indexOf(lost) + 1);
}

/**
 * Calls `onLost` once if the current WebGPU device is lost while it is still the one in use.
 * Does nothing off WebGPU.
 */
export async function watchDeviceLoss(onLost: (reason: string) => void): Promise<void> {
  const device = await currentDevice();
  if (!device) return;
  void device.lost.then(async (info) => {
    // A device we replaced on purpose is not a loss.
    if ((await currentDevice()) !== device) return;
    onLost(info.message || info.reason || 'unknown reason');
  });
}

/** Test hook: destroy the device the way a GPU reset would. */
export async function destroyCurrentDevice(): Promise<boolean> {
  const device = await currentDevice();
  if (!device) return false;
  device.destroy();
  return true;
}

/** Remove the dead backend, then activate the first of the later backends that starts. */
export async function activateAfterLoss(
  lost: BackendName,
  options: BackendOptions,
): Promise<BackendSelection> {
  const { tf } = await import('../core/tf');
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
        skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
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
