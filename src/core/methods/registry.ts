/**
 * The method registry: one import and one array entry per method file (LibMTL's weighting/ folder
 * is the model). `resolveOptions` is the boundary check for method options coming from the config,
 * the URL or the CLI: unknown keys and out-of-range values are rejected with a message naming them.
 */
import { alignedmtl } from './alignedmtl';
import { alignedmtlub } from './alignedmtlub';
import { cagrad } from './cagrad';
import { config } from './config';
import { dbmtl } from './dbmtl';
import { dwa } from './dwa';
import { ew } from './ew';
import { fairgrad } from './fairgrad';
import { fuller } from './fuller';
import { famo } from './famo';
import { graddrop } from './graddrop';
import { igbv1 } from './igbv1';
import { gradnorm } from './gradnorm';
import { gradvac } from './gradvac';
import { imtl } from './imtl';
import { mgda } from './mgda';
import { mgdaub } from './mgdaub';
import { nashmtl } from './nashmtl';
import { pcgrad } from './pcgrad';
import { rlw } from './rlw';
import { stch } from './stch';
import type { MethodDefinition, MethodOptions, OptionSpec } from './types';
import { upgrad } from './upgrad';
import { uw } from './uw';

export const METHODS: readonly MethodDefinition[] = [
  ew,
  rlw,
  uw,
  dwa,
  igbv1,
  gradnorm,
  mgda,
  mgdaub,
  pcgrad,
  gradvac,
  graddrop,
  imtl,
  cagrad,
  nashmtl,
  alignedmtl,
  alignedmtlub,
  fuller,
  dbmtl,
  famo,
  upgrad,
  fairgrad,
  stch,
  config,
];

export const METHOD_IDS: readonly string[] = METHODS.map((m) => m.id);

const byId = new Map(METHODS.map((m) => [m.id, m]));

/** The method with this id, or undefined (for names read from files, links and old checkpoints). */
export function findMethod(id: string): MethodDefinition | undefined {
  return byId.get(id);
}

export function getMethod(id: string): MethodDefinition {
  const method = byId.get(id);
  if (!method) throw new Error(`unknown method "${id}"; valid methods: ${METHOD_IDS.join(', ')}`);
  return method;
}

function checkOption(method: string, spec: OptionSpec, value: unknown): string | null {
  const where = `option "${spec.key}" of method "${method}"`;
  switch (spec.kind) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return `${where} must be a finite number (got ${JSON.stringify(value)})`;
      if (spec.kind === 'integer' && !Number.isInteger(value))
        return `${where} must be an integer (got ${value})`;
      const low = spec.min ?? -Infinity;
      const high = spec.max ?? Infinity;
      if (value < low || value > high)
        return `${where} must be between ${low} and ${high} (got ${value})`;
      return null;
    }
    case 'select':
      if (typeof value !== 'string' || !(spec.choices ?? []).includes(value)) {
        return `${where} must be one of ${(spec.choices ?? []).map((c) => `"${c}"`).join(', ')} (got ${JSON.stringify(value)})`;
      }
      return null;
    case 'boolean':
      return typeof value === 'boolean'
        ? null
        : `${where} must be true or false (got ${JSON.stringify(value)})`;
  }
}

/** Fill in defaults and validate; throws one message naming the offending option. */
export function resolveOptions(
  method: MethodDefinition,
  partial: Readonly<Record<string, unknown>> = {},
): MethodOptions {
  const specs = new Map(method.options.map((o) => [o.key, o]));
  for (const key of Object.keys(partial)) {
    if (!specs.has(key)) {
      const valid = method.options.length ? method.options.map((o) => o.key).join(', ') : 'none';
      throw new Error(`unknown option "${key}" for method "${method.id}"; valid options: ${valid}`);
    }
  }
  const out: MethodOptions = {};
  for (const spec of method.options) {
    const value = partial[spec.key] ?? spec.default;
    const problem = checkOption(method.id, spec, value);
    if (problem) throw new Error(problem);
    out[spec.key] = value as MethodOptions[string];
  }
  return out;
}
