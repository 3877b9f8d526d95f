/**
 * A short-lived worker that measures every backend on the current configuration while the lab's
 * own worker trains (backendAuto.ts). The page terminates it when done or when it overstays.
 */
// tfjs-core's entry before the gradients: see lab.worker.ts.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expose } from 'comlink';
import type { BackendSpeed } from '../core/engines/tfjs/backend';
import type { LabConfig } from '../core/config/schema';
import { measureAllBackends, type Measurement } from './backendAuto';
import { wasmPaths } from './wasmAssets';

export interface MeasureWorkerApi {
  measure(config: LabConfig, onMeasured: (speed: BackendSpeed) => void): Promise<Measurement>;
}

const api: MeasureWorkerApi = {
  measure: (config, onMeasured) => measureAllBackends(config, { wasmPaths }, onMeasured),
};
expose(api);
