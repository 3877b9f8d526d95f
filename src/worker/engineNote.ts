/**
 * When the backend is an engine that does not cover the run's architecture (engines/active.ts),
 * the badge says so: the selection gets the engine's reason among its skipped attempts, while
 * the run trains on tfjs.
 */
import type { BackendSelection } from '../core/engines/tfjs/backend';
import type { LabConfig } from '../core/config/schema';
import { activeEngine, engineFallback } from '../core/engines/active';
import { getArchitecture } from '../core/model/registry';
import { resolveMethod } from '../core/train/resolveMethod';
import type { Trainer } from '../core/train/api';
import type { WorkerEvent } from './protocol';

export function engineNoteEvent(
  selection: BackendSelection,
  config: LabConfig,
  threads: Trainer['threads'],
): WorkerEvent | null {
  const engine = activeEngine();
  if (!engine || selection.name !== engine.id) return null;
  const reason = engineFallback(
    getArchitecture(config.model.architecture),
    resolveMethod(config.train).needs,
    config.model,
  );
  const skipped = selection.skipped.filter((s) => s.name !== engine.id);
  if (reason) skipped.push({ name: selection.name, reason });
  return { kind: 'backend', backend: { ...selection, skipped, threads } };
}
