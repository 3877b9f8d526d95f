/**
 * Method-option controls as pure logic: read a control's raw value into an option value, validate
 * it with the registry's `resolveOptions` (the same check the trainer, link and CLI use) and say
 * what a bad value is wrong with, naming the option.
 */
import type { OptionValue } from '../../../core/config/schema';
import { METHODS, resolveOptions } from '../../../core/methods/registry';
import type { MethodDefinition, MethodOptions, OptionSpec } from '../../../core/methods/types';
import { errorMessage } from '../../../core/errorMessage';

/** Raw control value: input text for numbers, the chosen string for selects, checked for booleans. */
export type RawOption = string | boolean;

export type OptionEdit = { ok: true; options: MethodOptions } | { ok: false; message: string };

/** Read a control's raw value as the option's type (numbers: NaN for text that is no number). */
export function parseOption(spec: OptionSpec, raw: RawOption): OptionValue {
  switch (spec.kind) {
    case 'number':
    case 'integer':
      return typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    case 'boolean':
      return raw === true || raw === 'true';
    case 'select':
      return String(raw);
  }
}

/**
 * The stored options after setting `spec.key` to `raw`: the current (valid) options with that one
 * key replaced. On a bad value, the message names the option and the stored options stay as they were.
 */
export function editOption(
  method: MethodDefinition,
  current: Readonly<Record<string, OptionValue>>,
  spec: OptionSpec,
  raw: RawOption,
): OptionEdit {
  const next = { ...current, [spec.key]: parseOption(spec, raw) };
  try {
    resolveOptions(method, next);
    return { ok: true, options: next };
  } catch (error) {
    const message = errorMessage(error);
    return { ok: false, message: `${spec.label}: ${message}` };
  }
}

/** The value a control shows: the stored one, or the method's default. */
export function shownOption(
  spec: OptionSpec,
  stored: Readonly<Record<string, OptionValue>>,
): OptionValue {
  return Object.hasOwn(stored, spec.key) ? stored[spec.key] : spec.default;
}

/** How a default reads in help text. */
export function formatDefault(spec: OptionSpec): string {
  if (spec.kind === 'boolean') return spec.default === true ? 'on' : 'off';
  return String(spec.default);
}

export interface MethodGroup {
  family: MethodDefinition['family'];
  label: string;
  methods: MethodDefinition[];
}

const FAMILY_LABELS: Record<MethodDefinition['family'], string> = {
  loss: 'Loss weighting',
  gradient: 'Gradient manipulation',
};

/** METHODS grouped by family (loss weighting first), registry order kept within a group. */
export function methodGroups(methods: readonly MethodDefinition[] = METHODS): MethodGroup[] {
  return (['loss', 'gradient'] as const)
    .map((family) => ({
      family,
      label: FAMILY_LABELS[family],
      methods: methods.filter((m) => m.family === family),
    }))
    .filter((group) => group.methods.length > 0);
}
