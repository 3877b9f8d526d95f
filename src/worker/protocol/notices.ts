/**
 * The worker contract's reliability types: the checkpoint the page persists and the notices it
 * shows when a run diverged, the GPU was lost or the worker failed. Types only (a leaf).
 */
import type { BackendName } from '../../core/engines/tfjs/backend';
import type { LabConfig } from '../../core/config/schema';
import type { TrainerCheckpoint } from '../../core/train/api';

/** A checkpoint as it leaves the worker (persisted by the page, checkpoint cadence). */
export interface SavedCheckpoint extends TrainerCheckpoint {
  runId: number;
  config: LabConfig;
  /** Only generated data can be rebuilt from the config after a reload. */
  dataSource: 'generator' | 'csv';
}

export interface DivergenceNotice {
  kind: 'diverged';
  runId: number;
  /** Step at which NaN/Inf was first seen. */
  step: number;
  /** Names of the tasks whose loss or own parameters became NaN/Inf. */
  tasks: string[];
  method: string;
  /** Step of the checkpoint the run went back to; null when there was none. */
  restoredStep: number | null;
  message: string;
  suggestion: string;
}

export interface DeviceLostNotice {
  kind: 'device-lost';
  runId: number;
  reason: string;
  from: BackendName;
  to: BackendName;
  restoredStep: number | null;
  resumed: boolean;
  message: string;
}

/** An error nobody in the worker caught (its global handler). */
export interface WorkerErrorNotice {
  kind: 'worker-error';
  runId: number;
  message: string;
}

export type ReliabilityNotice = DivergenceNotice | DeviceLostNotice | WorkerErrorNotice;
