/**
 * `configure` for a config that differs from the run's only in live settings (learning rate,
 * method options; config/liveSettings.ts): the running trainer takes them over at its next chunk,
 * keeping the run id, step, weights and loss history, and the page marks the change. Any other
 * difference names the field that forced a new run, for the page to say so.
 */
import { configChange, describeLiveChange } from '../core/config/liveSettings';
import type { LabConfig } from '../core/config/schema';
import type { Trainer } from '../core/train/api';
import type { RunGuard } from './checkpointGuard';
import type { RunChange } from './protocol';

export type LiveConfigure =
  /** Applied: the run goes on with `change` marked in its history. */
  | { applied: true; change: RunChange }
  /** Needs a new run; `change` says why (null: first run, or nothing changed). */
  | { applied: false; change: RunChange | null };

/** Throws (changing nothing) when a method option is invalid. */
export function configureLive(
  trainer: Trainer | null,
  guard: RunGuard | null,
  from: LabConfig | null,
  to: LabConfig,
): LiveConfigure {
  if (!from) return { applied: false, change: null };
  const change = configChange(from, to);
  if (change.kind === 'none') return { applied: false, change: null };
  if (change.kind === 'rebuild' || !trainer) {
    const field = change.kind === 'rebuild' ? change.field : 'the run';
    return {
      applied: false,
      change: { kind: 'new-run', step: 0, text: `${field} changed: a new run started` },
    };
  }
  trainer.updateSettings(change.settings);
  guard?.useConfig(to);
  const text = `${describeLiveChange(from, change.settings)} (same network, from step ${trainer.step})`;
  return { applied: true, change: { kind: 'live', step: trainer.step, text } };
}
