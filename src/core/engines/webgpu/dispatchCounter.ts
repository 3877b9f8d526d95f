/**
 * Counts GPU work at the WebGPU API boundary, below tfjs: compute dispatches, buffer allocations
 * and queue submits. Works wherever the WebGPU interface objects are globals (browsers, workers,
 * and Node once the `webgpu` package's `globals` are copied onto globalThis).
 *
 * tfjs records `dispatchWorkgroups` synchronously inside each op call, so counts taken around a
 * synchronous block (a tf.tidy body) are exact, without waiting for the GPU.
 */

export interface GpuCounts {
  dispatches: number;
  buffersCreated: number;
  submits: number;
}

export interface DispatchCounter {
  read(): GpuCounts;
  reset(): void;
  /** Restores the original prototypes once every installer has uninstalled. */
  uninstall(): void;
}

interface Patchable {
  prototype: Record<string, unknown>;
}

const counts: GpuCounts = { dispatches: 0, buffersCreated: 0, submits: 0 };
let installs = 0;
let restore: Array<() => void> = [];

function patch(className: string, method: string, key: keyof GpuCounts): void {
  const cls = (globalThis as Record<string, unknown>)[className] as Patchable | undefined;
  const proto = cls?.prototype;
  const original = proto?.[method];
  if (!proto || typeof original !== 'function') {
    throw new Error(
      `WebGPU global ${className}.prototype.${method} not found; set up WebGPU first`,
    );
  }
  const fn = original as (...args: unknown[]) => unknown;
  proto[method] = function (this: unknown, ...args: unknown[]): unknown {
    counts[key] += 1;
    return fn.apply(this, args);
  };
  restore.push(() => {
    proto[method] = original;
  });
}

/** Installs the counters (reference-counted, so nested users share one patch). */
export function installDispatchCounter(): DispatchCounter {
  if (installs === 0) {
    patch('GPUComputePassEncoder', 'dispatchWorkgroups', 'dispatches');
    patch('GPUDevice', 'createBuffer', 'buffersCreated');
    patch('GPUQueue', 'submit', 'submits');
  }
  installs += 1;
  let active = true;
  return {
    read: () => ({ ...counts }),
    reset: () => {
      counts.dispatches = 0;
      counts.buffersCreated = 0;
      counts.submits = 0;
    },
    uninstall: () => {
      if (!active) return;
      active = false;
      installs -= 1;
      if (installs === 0) {
        for (const undo of restore.reverse()) undo();
        restore = [];
      }
    },
  };
}

/** Counts the GPU work issued by a synchronous block. */
export function countGpuWork<T>(
  counter: DispatchCounter,
  body: () => T,
): { result: T; counts: GpuCounts } {
  const before = counter.read();
  const result = body();
  const after = counter.read();
  return {
    result,
    counts: {
      dispatches: after.dispatches - before.dispatches,
      buffersCreated: after.buffersCreated - before.buffersCreated,
      submits: after.submits - before.submits,
    },
  };
}
