/**
 * Older configs read as they were meant. Schema v1 had no model.init: its weights were drawn with
 * the scheme now called 'he-normal', so a v1 config (a CLI file, a weights file's description)
 * keeps that scheme instead of silently getting the new default.
 */
import { SCHEMA_VERSION, type InitScheme } from './schema';

/** The scheme every config before schema v2 used. */
export const LEGACY_INIT: InitScheme = 'he-normal';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A v1 config as v2 (model.init 'he-normal' unless it names one); anything else unchanged. */
export function migrateConfig(input: unknown): unknown {
  if (!isRecord(input) || input.version !== 1) return input;
  const model = isRecord(input.model) ? input.model : {};
  return {
    ...input,
    version: SCHEMA_VERSION,
    model: { ...model, init: model.init ?? LEGACY_INIT },
  };
}
