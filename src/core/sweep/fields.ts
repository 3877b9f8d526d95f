/**
 * The config fields a sweep can vary (one registry): how a value is parsed from text and applied to
 * a config. Numeric fields apply to every task where the setting is per task (noise, degree,
 * labelled fraction); "pair similarity" sets P[0][1] = P[1][0] of the ρ matrix and leaves the rest.
 */
import { ARCHITECTURE_IDS, type LabConfig } from '../config/schema';
import { METHOD_IDS } from '../methods/registry';

export type SweepValue = number | string;

export interface SweepField {
  id: string;
  label: string;
  kind: 'number' | 'choice';
  /** Allowed values of a choice field. */
  choices?: readonly string[];
  apply(config: LabConfig, value: SweepValue): LabConfig;
}

const perTask = (
  config: LabConfig,
  patch: (s: LabConfig['data']['taskSpecs'][number]) => object,
): LabConfig => ({
  ...config,
  data: { ...config.data, taskSpecs: config.data.taskSpecs.map((s) => ({ ...s, ...patch(s) })) },
});

const num = (v: SweepValue): number => (typeof v === 'number' ? v : Number(v));

export const SWEEP_FIELDS: readonly SweepField[] = [
  {
    id: 'rho',
    label: 'Task similarity ρ',
    kind: 'number',
    apply: (c, v) => ({ ...c, data: { ...c.data, rho: num(v), correlation: null } }),
  },
  {
    id: 'pair',
    label: 'Similarity of tasks 1 and 2',
    kind: 'number',
    apply: (c, v) => {
      const T = c.data.tasks;
      const P =
        c.data.correlation?.map((r) => r.slice()) ??
        Array.from({ length: T }, (_, i) =>
          Array.from({ length: T }, (_, j) => (i === j ? 1 : c.data.rho)),
        );
      if (T >= 2) P[0][1] = P[1][0] = num(v);
      return { ...c, data: { ...c.data, correlation: P } };
    },
  },
  {
    id: 'noise',
    label: 'Label noise (every task)',
    kind: 'number',
    apply: (c, v) => perTask(c, () => ({ noise: num(v) })),
  },
  {
    id: 'degree',
    label: 'Degree (every task)',
    kind: 'number',
    apply: (c, v) => perTask(c, () => ({ degree: num(v) })),
  },
  {
    id: 'labelled',
    label: 'Labelled fraction (every task)',
    kind: 'number',
    apply: (c, v) => perTask(c, () => ({ labelledFraction: num(v) })),
  },
  {
    id: 'samples',
    label: 'Rows (train + test)',
    kind: 'number',
    apply: (c, v) => ({ ...c, data: { ...c.data, samples: num(v) } }),
  },
  {
    id: 'lr',
    label: 'Learning rate',
    kind: 'number',
    apply: (c, v) => ({ ...c, train: { ...c.train, learningRate: num(v) } }),
  },
  {
    id: 'architecture',
    label: 'Architecture',
    kind: 'choice',
    choices: ARCHITECTURE_IDS,
    apply: (c, v) => ({
      ...c,
      model: { ...c.model, architecture: String(v) as LabConfig['model']['architecture'] },
    }),
  },
  {
    id: 'method',
    label: 'Method',
    kind: 'choice',
    choices: METHOD_IDS,
    apply: (c, v) => ({ ...c, train: { ...c.train, method: String(v), methodOptions: {} } }),
  },
];

export function getSweepField(id: string): SweepField {
  const field = SWEEP_FIELDS.find((f) => f.id === id);
  if (!field) {
    throw new Error(
      `unknown sweep field "${id}"; use one of ${SWEEP_FIELDS.map((f) => f.id).join(', ')}`,
    );
  }
  return field;
}

/** Values from text such as "0, 0.5, 0.9" or "shared-bottom, mmoe"; a message names a bad one. */
export function parseSweepValues(field: SweepField, text: string): SweepValue[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) throw new Error(`give at least one value for ${field.label}`);
  return parts.map((p) => {
    if (field.kind === 'choice') {
      if (!field.choices?.includes(p))
        throw new Error(
          `"${p}" is not a valid ${field.label.toLowerCase()}: use ${field.choices?.join(', ')}`,
        );
      return p;
    }
    const v = Number(p);
    if (!Number.isFinite(v)) throw new Error(`"${p}" is not a number (${field.label})`);
    return v;
  });
}
