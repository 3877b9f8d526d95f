/**
 * The worker contract's types for runs beside the main one and the current run's files: compare
 * runs, Δm against the single-task baseline, weight files in and out. Types only (a leaf).
 */
import type { LabConfig } from '../../core/config/schema';
import type { TaskInfo } from '../../core/data/types';
import type { RunSpec } from '../../core/io';
import type { DeltaM } from '../../core/train/deltaM';
import type { SafetyAudit } from '../../core/train/safetyAudit';
import type { Snapshot, TaskMetrics } from '../../core/train/types';

export type WeightFormat = 'safetensors' | 'tfjs';

/** What the worker hands to the page; both shapes are structured-cloneable. */
export type ExportedModel =
  | { format: 'safetensors'; bytes: Uint8Array }
  | { format: 'tfjs'; modelJson: string; weights: Uint8Array };

export type ImportOutcome = { ok: true; format: WeightFormat } | { ok: false; message: string };

export interface RunsSnapshot {
  /** Increases with every new set of runs; the page drops snapshots of older groups. */
  groupId: number;
  running: boolean;
  /** Steps per second of the group (each run advanced this many steps per second). */
  stepsPerSecond: number;
  runs: Snapshot[];
}

export type RunsListener = (snapshot: RunsSnapshot) => void;

export type CompareRequest =
  | { kind: 'start'; base: LabConfig; runs: RunSpec[] }
  | { kind: 'play' }
  | { kind: 'pause' }
  | { kind: 'step'; steps: number }
  /** Run `index` starts again from step 0 with the same initial weights. */
  | { kind: 'restart'; index: number }
  /** Every run starts again from step 0. */
  | { kind: 'reset' }
  | { kind: 'stop' };

export interface CompareState {
  groupId: number;
  /** The resolved config of each run. */
  configs: LabConfig[];
  tasks: TaskInfo[];
  snapshot: RunsSnapshot;
}

export interface CompareResults {
  groupId: number;
  step: number[];
  /** Per run, per task test metrics. */
  metrics: TaskMetrics[][];
}

/** The safety audit (core/train/safetyAudit.ts) of the run at `step`. */
export interface SafetyAuditResult extends SafetyAudit {
  step: number;
}

export interface DeltaMResult extends DeltaM {
  /** Step of the multi-task run the comparison used; the baseline trained as many steps. */
  step: number;
  metrics: TaskMetrics[];
  baseline: TaskMetrics[];
  convention: string;
}
