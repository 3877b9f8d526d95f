/**
 * What is saved of the experiment, and the rule for bringing it back after a reload or crash.
 *
 * Saved: the experiment link (config, compared runs, views, hidden controls, lesson), an imported
 * table (the file and its column mapping), and of the current run its config, data source, the
 * last good checkpoint of the weights and the loss history.
 * Rule: a link in the address bar wins for the config (and the rest of the link); the saved link is
 * used only when the page was opened without one. A saved table is imported again at start. The
 * saved weights and history come back only when they belong to exactly the config the page starts
 * with and to the same data (generated, or the table that was just imported again).
 * Pure functions; the IndexedDB side is persistenceDb.ts.
 */
import type { LabConfig } from '../core/config/schema';
import type { TrainerCheckpoint } from '../core/train/api';
import type { ImportedTable } from './dataStudioStore';
import type { LossHistory } from './lossHistory';

export const SAVE_KEY = 'current';
export const SAVE_VERSION = 1;

export type DataSource = 'generator' | 'csv';

export interface SavedRun {
  config: LabConfig;
  /** What the run trained on (records saved before tables were kept have none: generator). */
  dataSource: DataSource;
  checkpoint: TrainerCheckpoint;
  history: LossHistory;
}

export interface SavedExperiment {
  version: typeof SAVE_VERSION;
  savedAt: number;
  /** The experiment link text (src/core/io encodeLink). */
  link: string;
  /** The imported table the lab was training on, or null on generated data. */
  table: ImportedTable | null;
  run: SavedRun | null;
}

/** JSON with sorted keys: equal configs give equal text whatever order their keys were set in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameConfig(a: LabConfig, b: LabConfig): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The history up to and including `step` (what the checkpoint's weights had seen). */
export function historyUpTo(history: LossHistory, step: number): LossHistory {
  return { ...history, points: history.points.filter((p) => p.step <= step) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function isCheckpoint(v: unknown): v is TrainerCheckpoint {
  if (!isObject(v) || !Number.isInteger(v.step) || (v.step as number) < 0) return false;
  if (!Array.isArray(v.weights)) return false;
  return v.weights.every(
    (w: unknown) =>
      isObject(w) &&
      typeof w.name === 'string' &&
      Array.isArray(w.shape) &&
      w.shape.every((d: unknown) => Number.isInteger(d)) &&
      w.values instanceof Float32Array,
  );
}

function isHistory(v: unknown): v is LossHistory {
  return (
    isObject(v) &&
    Array.isArray(v.points) &&
    typeof v.stride === 'number' &&
    typeof v.offered === 'number' &&
    v.points.every((p: unknown) => isObject(p) && typeof p.step === 'number')
  );
}

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Shape only: the worker checks the mapping against the file when it imports it again. */
function isTable(v: unknown): v is ImportedTable {
  if (!isObject(v) || !(v.file instanceof Blob) || typeof v.fileName !== 'string') return false;
  const m = v.mapping;
  return (
    isObject(m) &&
    isStrings(m.featureColumns) &&
    Array.isArray(m.taskColumns) &&
    m.taskColumns.every((t: unknown) => isObject(t) && typeof t.name === 'string') &&
    typeof m.testFraction === 'number' &&
    typeof m.seed === 'number' &&
    typeof m.standardize === 'boolean'
  );
}

/** Reads what IndexedDB returned; anything malformed or from another version is null, never a throw. */
export function parseSavedExperiment(value: unknown): SavedExperiment | null {
  if (!isObject(value) || value.version !== SAVE_VERSION || typeof value.link !== 'string') {
    return null;
  }
  const savedAt = typeof value.savedAt === 'number' ? value.savedAt : 0;
  const run = value.run;
  const validRun =
    isObject(run) && isObject(run.config) && isCheckpoint(run.checkpoint) && isHistory(run.history)
      ? {
          ...(run as unknown as SavedRun),
          dataSource: (run.dataSource === 'csv' ? 'csv' : 'generator') as DataSource,
        }
      : null;
  const table = isTable(value.table) ? value.table : null;
  // A run on a table that is not there (or is malformed) has nothing to train on.
  const usableRun =
    validRun && (validRun.dataSource === 'csv') === (table !== null) ? validRun : null;
  return { version: SAVE_VERSION, savedAt, link: value.link, table, run: usableRun };
}

export interface RestorePlan {
  /** Apply the saved link (the page was opened without one). */
  applyLink: boolean;
  /** Load the saved weights and history into the run that starts with `config`. */
  restoreRun: boolean;
}

export function restorePlan(saved: SavedExperiment | null, urlHasLink: boolean): RestorePlan {
  return {
    applyLink: saved !== null && !urlHasLink && saved.link !== '',
    restoreRun: saved?.run != null,
  };
}

/** Whether the saved run belongs to the config and the data the lab started with. */
export function runMatches(run: SavedRun, config: LabConfig, dataSource: DataSource): boolean {
  return sameConfig(run.config, config) && run.dataSource === dataSource;
}
