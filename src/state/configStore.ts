/**
 * The experiment config. `config` is always valid (it is what the worker runs); `draft` is what
 * the controls show and may hold an invalid value while `errors` says what to change.
 */
import { create } from 'zustand';
import { defaultConfig } from '../core/config/defaults';
import type { LabConfig } from '../core/config/schema';
import { proposeConfig, type ConfigPatch } from './configPatch';

export interface ConfigState {
  config: LabConfig;
  draft: LabConfig;
  errors: string[];
}

export const useConfigStore = create<ConfigState>()(() => ({
  config: defaultConfig(),
  draft: defaultConfig(),
  errors: [],
}));

export type EditOutcome = { ok: true; config: LabConfig } | { ok: false; errors: string[] };

/**
 * Apply a patch over `base` (the draft for UI edits, the valid config for scripts). A valid result
 * becomes the config; an invalid one is kept as the draft with its messages, config unchanged.
 */
export function editConfig(patch: ConfigPatch, base: 'draft' | 'config' = 'draft'): EditOutcome {
  const state = useConfigStore.getState();
  const { candidate, validation } = proposeConfig(state[base], patch);
  if (!validation.ok) {
    useConfigStore.setState({ draft: candidate, errors: validation.errors });
    return { ok: false, errors: validation.errors };
  }
  useConfigStore.setState({ config: validation.value, draft: validation.value, errors: [] });
  return { ok: true, config: validation.value };
}

/** Put back a config that is known to run (after the worker rejected a newer one). */
export function restoreConfig(config: LabConfig, errors: string[]): void {
  useConfigStore.setState({ config, draft: config, errors });
}
