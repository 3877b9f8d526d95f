/**
 * Turns schema issues into messages a person can act on: each names the field (with a plain
 * label), the value received and what to change. Used for the whole config, the data part alone,
 * links and CLI flags, so every boundary speaks the same way.
 */
import type { z } from 'zod';

/** Plain-language names of config fields, shown next to the path. */
const FIELD_LABELS: Record<string, string> = {
  tasks: 'number of tasks T',
  features: 'number of features D',
  rho: 'task similarity rho',
  samples: 'number of samples N',
  testFraction: 'test fraction',
  seed: 'seed',
  degree: 'polynomial degree',
  noise: 'noise standard deviation sigma',
  classes: 'number of classes',
  positiveRate: 'positive rate',
  scale: 'label scale',
  labelledFraction: 'labelled fraction',
  irrelevantFeatures: 'irrelevant features',
  featureCorrelation: 'feature correlation',
  hidden: 'hidden layer sizes',
  tower: 'tower hidden sizes',
  learningRate: 'learning rate',
  batchSize: 'batch size',
  weightSeed: 'weight seed',
  featureGroups: 'feature groups',
  groupWidth: 'group encoder width',
};

/** Human-readable path such as `data.taskSpecs[2].degree`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** One message for one schema issue; `prefix` is the path of `input` inside the whole config. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, prefix = ''): string {
  const path = [prefix, formatPath(issue.path)].filter(Boolean).join('.');
  const last = [...issue.path].reverse().find((p) => typeof p === 'string');
  const label = typeof last === 'string' && FIELD_LABELS[last] ? ` (${FIELD_LABELS[last]})` : '';
  const value = valueAt(input, issue.path);
  const got = value === undefined ? 'nothing' : JSON.stringify(value);
  const where = `${path}${label}`;
  if (issue.code === 'too_small' && issue.origin === 'number') {
    return `${where}: must be at least ${String(issue.minimum)} (got ${got}); raise it to ${String(issue.minimum)} or more.`;
  }
  if (issue.code === 'too_big' && issue.origin === 'number') {
    return `${where}: must be at most ${String(issue.maximum)} (got ${got}); lower it to ${String(issue.maximum)} or less.`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'int') {
    return `${where}: must be a whole number (got ${got}).`;
  }
  if (issue.code === 'invalid_type') {
    return `${where}: expected a ${issue.expected} (got ${got}).`;
  }
  if (issue.code === 'invalid_value') {
    return `${where}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${got}).`;
  }
  return `${where}: ${issue.message}`;
}

export function describeIssues(error: z.ZodError, input: unknown, prefix = ''): string[] {
  return error.issues.map((issue) => describeIssue(issue, input, prefix));
}

export function formatMatrix(P: number[][], digits = 3): string {
  return `[${P.map((row) => `[${row.map((v) => Number(v.toFixed(digits))).join(', ')}]`).join(', ')}]`;
}

/**
 * The config path a validation message is about. Every message starts with it, then an optional
 * plain label in brackets: `data.tasks (number of tasks T): must be at least 1 …` → `data.tasks`.
 */
export function messagePath(message: string): string {
  return /^[^\s:]+/.exec(message)?.[0] ?? '';
}

/** The message without its leading path and label (the control beside it already names itself). */
export function messageBody(message: string): string {
  return message.replace(/^[^\s:]+(?: \([^)]*\))?:\s*/, '');
}

/** True when a message is about `path` itself or a part of it (`data.taskSpecs[1].noise`). */
export function messageIsAbout(message: string, path: string): boolean {
  const at = messagePath(message);
  return at === path || at.startsWith(`${path}[`) || at.startsWith(`${path}.`);
}
