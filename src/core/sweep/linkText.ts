/**
 * A sweep's definition in a share link (`sweep=…`), without its results and without the base
 * config (the link carries that already): `rho:0,0.5,0.9;architecture:shared-bottom,mmoe;seeds:1,2;steps:200;metric:deltaM`
 * (the second axis is optional; metric is deltaM or task:N with N from 1).
 */
import { getSweepField, parseSweepValues } from './fields';
import type { SweepDefinition } from './grid';

export type SweepSpec = Omit<SweepDefinition, 'base'>;

export function encodeSweepSpec(spec: SweepSpec): string {
  const parts = spec.axes.map((a) => `${a.field}:${a.values.join(',')}`);
  parts.push(`seeds:${spec.seeds.join(',')}`, `steps:${spec.steps}`);
  parts.push(`metric:${spec.metric.kind === 'deltaM' ? 'deltaM' : `task:${spec.metric.task + 1}`}`);
  return parts.join(';');
}

/** Parses link text; throws a message that says what is wrong. */
export function decodeSweepSpec(text: string): SweepSpec {
  const spec: SweepSpec = { axes: [], seeds: [1], steps: 200, metric: { kind: 'deltaM' } };
  for (const part of text.split(';')) {
    const at = part.indexOf(':');
    if (at < 1) throw new Error(`"${part}" should be name:values`);
    const [key, value] = [part.slice(0, at), part.slice(at + 1)];
    if (key === 'seeds') {
      spec.seeds = value.split(',').map(Number);
      if (spec.seeds.some((s) => !Number.isInteger(s) || s < 0))
        throw new Error('seeds are whole numbers ≥ 0');
    } else if (key === 'steps') {
      spec.steps = Number(value);
      if (!Number.isInteger(spec.steps) || spec.steps < 1)
        throw new Error('steps is a whole number ≥ 1');
    } else if (key === 'metric') {
      const m = /^task:(\d+)$/.exec(value);
      if (value === 'deltaM') spec.metric = { kind: 'deltaM' };
      else if (m && Number(m[1]) >= 1) spec.metric = { kind: 'task', task: Number(m[1]) - 1 };
      else throw new Error(`metric "${value}" should be deltaM or task:N`);
    } else {
      if (spec.axes.length === 2) throw new Error('a sweep has at most two axes');
      spec.axes.push({ field: key, values: parseSweepValues(getSweepField(key), value) });
    }
  }
  if (spec.axes.length === 0) throw new Error('the sweep names no field to vary');
  return spec;
}
