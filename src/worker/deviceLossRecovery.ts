/**
 * What the session does when the WebGPU device is lost: stop and free the run, activate the next
 * backend (deviceLoss.ts), start the same run (same id, so the page keeps its loss history) from
 * the last good checkpoint, tell the page, and keep training if it was training.
 */
import type { BackendName } from '../core/engines/tfjs/backend';
import type { TrainerCheckpoint } from '../core/train/api';
import { deviceLostNotice } from './checkpointMessages';
import { activateAfterLoss } from '../core/engines/tfjs/deviceLoss';
import type { WorkerEventListener } from './protocol';
import { wasmPaths } from './wasmAssets';
import { errorMessage } from '../core/errorMessage';

/** The session operations the recovery needs. */
export interface RecoveryHost {
  emit: WorkerEventListener;
  /** Runs after the calls already queued, like every other session call. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  isTraining(): boolean;
  lastCheckpoint(): TrainerCheckpoint | null;
  /**
   * Free the run and the compared runs (their tensors live on the dead device) without waiting
   * for a chunk in flight: on a lost WebGL context its readback may never settle.
   */
  stopAll(): Promise<void>;
  /** Start the current run again on the active backend; false when there is no data yet. */
  resume(checkpoint: TrainerCheckpoint | null): Promise<{ runId: number } | null>;
  play(): void;
}

/** How long after a failed chunk a device loss still counts as "was training". */
const LOOP_ERROR_WINDOW_MS = 2000;

export class DeviceLossRecovery {
  private lost = false;
  private lastLoopErrorAt = -Infinity;

  constructor(private readonly host: RecoveryHost) {}

  /** Wraps the training loop's events: a chunk that failed with the device is not a lab failure. */
  readonly loopEmit: WorkerEventListener = (event) => {
    if (event.kind === 'error') {
      this.lastLoopErrorAt = performance.now();
      if (this.lost) return;
    }
    this.host.emit(event);
  };

  onLost(from: BackendName, reason: string): void {
    this.lost = true;
    // The failing chunk may have stopped the loop a moment before device.lost resolved.
    const wasTraining =
      this.host.isTraining() || performance.now() - this.lastLoopErrorAt < LOOP_ERROR_WINDOW_MS;
    const checkpoint = this.host.lastCheckpoint();
    this.host
      .exclusive(async () => {
        await this.host.stopAll().catch(() => undefined);
        const backend = await activateAfterLoss(from, { wasmPaths });
        this.lost = false;
        const run = await this.host.resume(checkpoint);
        const resumed = wasTraining && run !== null;
        const notice = deviceLostNotice({
          runId: run?.runId ?? 0,
          reason,
          from,
          to: backend.name,
          restoredStep: checkpoint?.step ?? null,
          resumed,
        });
        this.host.emit({ kind: 'notice', notice, backend });
        if (resumed) this.host.play();
      })
      .catch((error: unknown) => {
        this.lost = false;
        const message = errorMessage(error);
        this.host.emit({ kind: 'error', message: `the GPU device was lost: ${message}` });
      });
  }
}
