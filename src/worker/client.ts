/** Page side of the worker: starts the module worker and wraps it in the typed comlink API. */
import { proxy, wrap, type Remote } from 'comlink';
import type { MeasureWorkerApi } from './measure.worker';
import type { LabWorkerApi, WorkerEventListener } from './protocol';

export interface LabWorkerHandle {
  api: Remote<LabWorkerApi>;
  /** Wrap a listener so it can be passed to `api.init` (it runs on the page). */
  listener(callback: WorkerEventListener): WorkerEventListener;
  onCrash(callback: (message: string) => void): void;
  terminate(): void;
}

export function startLabWorker(): LabWorkerHandle {
  const worker = new Worker(new URL('./lab.worker.ts', import.meta.url), {
    type: 'module',
    name: 'mtl-lab-training',
  });
  return {
    api: wrap<LabWorkerApi>(worker),
    listener: (callback) => proxy(callback),
    onCrash(callback) {
      worker.addEventListener('error', (event) =>
        callback(event.message || 'the training worker failed to start'),
      );
    },
    terminate: () => worker.terminate(),
  };
}

/** A worker that measures every backend while the lab's worker trains (backendAuto.ts). */
export function startMeasureWorker(): { api: Remote<MeasureWorkerApi>; terminate(): void } {
  const worker = new Worker(new URL('./measure.worker.ts', import.meta.url), {
    type: 'module',
    name: 'mtl-lab-measure',
  });
  return { api: wrap<MeasureWorkerApi>(worker), terminate: () => worker.terminate() };
}
