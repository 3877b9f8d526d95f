/**
 * The page's half of the automatic backend choice. Before the worker starts: look up the choice
 * remembered for this adapter and model shape. After the run is ready on a quick-start backend:
 * measure every backend in a separate worker (the run trains meanwhile), remember the result, and
 * move the run to the fastest when it is clearly faster ("moved to WebGPU: 3.1× faster here").
 */
import { proxy, type Remote } from 'comlink';
import {
  BACKENDS,
  probeWebGpuAdapter,
  withTimeLimit,
  type BackendSelection,
  type BackendSpeed,
} from '../core/engines/tfjs/backend';
import {
  fastestBackend,
  MOVE_MIN_SPEEDUP,
  speedKey,
  speedup,
  type RememberedChoice,
} from '../core/backendSpeed';
import type { LabConfig } from '../core/config/schema';
import type { MeasureWorkerApi } from '../worker/measure.worker';
import type { LabWorkerApi } from '../worker/protocol';
import { recallChoice, rememberChoice } from './backendMemory';
import { setBackend, setBackendProgress, startRun, useRunStore } from './runStore';
import { errorMessage } from '../core/errorMessage';

/** The whole measurement, every backend together; past it the worker is ended. */
export const MEASURE_ALL_LIMIT_MS = 120_000;

export interface MeasureWorkerHandle {
  api: Remote<MeasureWorkerApi>;
  terminate(): void;
}

/** The key of the current adapter and shape, and what was remembered for it. */
export async function recallForConfig(
  config: LabConfig,
): Promise<{ key: string; remembered: RememberedChoice | null }> {
  const adapter = await withTimeLimit(
    probeWebGpuAdapter(),
    3000,
    'asking for a WebGPU adapter',
  ).catch(() => null);
  const key = speedKey(adapter, config);
  return { key, remembered: recallChoice(key) };
}

function progressText(speeds: readonly BackendSpeed[]): string {
  const done = speeds.map((s) =>
    s.stepsPerSecond === null ? `${s.name} –` : `${s.name} ${s.stepsPerSecond.toFixed(0)}/s`,
  );
  return `Measuring backends in the background… ${done.join(' · ')}`;
}

/**
 * Measure, remember, and move the run when another backend is clearly faster. Never throws; a
 * failed or overlong measurement leaves the run where it is and says why in the badge.
 */
export async function measureAndMove(
  api: Remote<LabWorkerApi>,
  startWorker: () => MeasureWorkerHandle,
  config: LabConfig,
  key: string,
): Promise<void> {
  const worker = startWorker();
  const seen: BackendSpeed[] = [];
  setBackendProgress(progressText(seen));
  const stillAuto = (): BackendSelection | null => {
    const current = useRunStore.getState().backend;
    return current?.requested === 'auto' ? current : null;
  };
  try {
    const measured = withTimeLimit(
      worker.api.measure(
        config,
        proxy((speed: BackendSpeed) => {
          seen.push(speed);
          setBackendProgress(progressText(seen));
        }),
      ),
      MEASURE_ALL_LIMIT_MS,
      'measuring the backends',
    );
    // Past the limit, the figures that did land still count.
    const speeds = await measured.then(
      (result) => result.speeds,
      (error: unknown) => {
        if (seen.some((s) => s.stepsPerSecond !== null)) return [...seen];
        throw error;
      },
    );
    const best = fastestBackend(speeds);
    if (!best) throw new Error('no backend could be measured');
    rememberChoice(key, { best, speeds, measuredAt: Date.now() });
    const current = stillAuto();
    if (!current) return; // the person chose a backend meanwhile
    const factor = speedup(speeds, current.name, best);
    if (best !== current.name && (factor === null || factor >= MOVE_MIN_SPEEDUP)) {
      const { backend, run } = await api.moveRun(best, { speedup: factor ?? undefined, speeds });
      setBackend({ ...backend, origin: 'measured' });
      if (run) startRun(run);
    } else {
      setBackend({ ...current, origin: 'measured', speeds });
    }
  } catch (error) {
    const current = stillAuto();
    const reason = errorMessage(error);
    if (current) setBackend({ ...current, note: `Stayed on ${BACKENDS[current.name]}: ${reason}` });
  } finally {
    worker.terminate();
    setBackendProgress(null);
  }
}
