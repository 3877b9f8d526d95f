/**
 * Live settings: config fields a running trainer takes over at its next chunk (marked `live` in
 * schema.ts: the learning rate and the method's options), keeping the network, the step, the
 * optimizer's moments and the loss history. A change to any other field needs a new run (a new
 * network, new data or another method), and `liveChange` says which field forced it.
 */
import type { MethodOptions } from '../methods/types';
import { trainSchema, type LabConfig, type TrainConfig } from './schema';

/** What a running trainer can take over (Trainer.updateSettings). */
export interface LiveSettings {
  learningRate?: number;
  methodOptions?: MethodOptions;
}

type TrainKey = keyof TrainConfig;

/** The train fields marked live in the schema. */
export const LIVE_FIELDS: readonly TrainKey[] = (
  Object.keys(trainSchema.shape) as TrainKey[]
).filter((key) => (trainSchema.shape[key].meta() as { live?: boolean } | undefined)?.live === true);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export type ConfigChange =
  /** Only live fields changed: apply them to the running trainer. */
  | { kind: 'live'; settings: LiveSettings; fields: string[] }
  /** A field that needs a new network or new data changed (the first one named). */
  | { kind: 'rebuild'; field: string }
  | { kind: 'none' };

/** How `to` differs from the config the run was built with. */
export function configChange(from: LabConfig, to: LabConfig): ConfigChange {
  for (const section of ['version', 'data', 'model'] as const) {
    if (!same(from[section], to[section])) {
      return {
        kind: 'rebuild',
        field: section === 'version' ? 'version' : firstDiff(section, from, to),
      };
    }
  }
  const keys = new Set([...Object.keys(from.train), ...Object.keys(to.train)] as TrainKey[]);
  const settings: LiveSettings = {};
  const fields: string[] = [];
  for (const key of keys) {
    if (same(from.train[key], to.train[key])) continue;
    if (!LIVE_FIELDS.includes(key)) return { kind: 'rebuild', field: `train.${key}` };
    fields.push(`train.${key}`);
    if (key === 'learningRate') settings.learningRate = to.train.learningRate;
    if (key === 'methodOptions') settings.methodOptions = { ...to.train.methodOptions };
  }
  return fields.length ? { kind: 'live', settings, fields } : { kind: 'none' };
}

function firstDiff(section: 'data' | 'model', from: LabConfig, to: LabConfig): string {
  const a = from[section] as Record<string, unknown>;
  const b = to[section] as Record<string, unknown>;
  const key = [...new Set([...Object.keys(a), ...Object.keys(b)])].find((k) => !same(a[k], b[k]));
  return key ? `${section}.${key}` : section;
}

/** One line for the run's history: "learning rate 0.01 → 0.001; method options {c: 0.4}". */
export function describeLiveChange(from: LabConfig, settings: LiveSettings): string {
  const parts: string[] = [];
  if (settings.learningRate !== undefined) {
    parts.push(`learning rate ${from.train.learningRate} → ${settings.learningRate}`);
  }
  if (settings.methodOptions !== undefined) {
    const text = Object.entries(settings.methodOptions)
      .map(([k, v]) => `${k} = ${String(v)}`)
      .join(', ');
    parts.push(`method options ${text || 'defaults'}`);
  }
  return parts.join('; ');
}
