/**
 * What the worker reports about the tfjs engine for tests and the memory readout: its tensor
 * count and bytes on the active backend, and a test hook that removes one kernel from it (to show
 * what the lab says when an op is missing). Kept here so nothing outside engines/ asks which
 * backend is active.
 */
import { tf } from '../../tf';

export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  backend: string;
}

export function engineMemory(): EngineMemory {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes, backend: tf.getBackend() };
}

/** Unregisters `kernelName` on the active backend; false when it had no such kernel. */
export function dropActiveKernel(kernelName: string): boolean {
  const backend = tf.getBackend();
  if (!tf.getKernel(kernelName, backend)) return false;
  tf.unregisterKernel(kernelName, backend);
  return true;
}
