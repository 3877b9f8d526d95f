/**
 * The parts of a link beyond the config's fixed fields: method options (`mo.<name>=<value>`),
 * runs to compare (`r<i>=label`, `r<i>.arch`, `r<i>.init`, `r<i>.m`, `r<i>.mo.<name>`), open views
 * (`views=a,b`), controls hidden for classroom mode (`<control>_hide=1`, as in TensorFlow
 * Playground) and a lesson id.
 */
import {
  ARCHITECTURE_IDS,
  INIT_SCHEMES,
  type ArchitectureId,
  type InitScheme,
  type OptionValue,
} from '../config/schema';
import { enumCodec, escapeText, formatNumber, parseNumber, quote } from './linkCodecs';

export interface RunSpec {
  label: string;
  architecture?: ArchitectureId;
  /** The run's weight initialisation (the same seed, another scheme). */
  init?: InitScheme;
  method?: string;
  methodOptions?: Record<string, OptionValue>;
}

export const MAX_RUNS = 16;
export const MAX_LABEL = 120;

/** Ids of views, hidden controls and lessons: short, URL-safe, no dots (dots separate key parts). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const archCodec = enumCodec(ARCHITECTURE_IDS);
export const initCodec = enumCodec(INIT_SCHEMES);

/** Strings that would read back as a number or boolean get a leading `'`. */
export function encodeOption(value: OptionValue): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  const ambiguous =
    value === 'true' || value === 'false' || value.startsWith("'") || parseNumber(value).ok;
  return escapeText(ambiguous ? `'${value}` : value);
}

/** Decodes an already unescaped option value; never fails (any text is at worst a string). */
export function decodeOption(text: string): OptionValue {
  if (text.startsWith("'")) return text.slice(1);
  if (text === 'true' || text === 'false') return text === 'true';
  const parsed = parseNumber(text);
  return parsed.ok ? parsed.value : text;
}

/** Sets an own property even for names such as `__proto__`. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export function encodeOptions(prefix: string, options: Record<string, OptionValue>): string[] {
  return Object.entries(options).map(([k, v]) => `${prefix}${escapeText(k)}=${encodeOption(v)}`);
}

/** Parses a key of the run family; null when the key is not one. */
export function parseRunKey(key: string): {
  index: number;
  part: 'label' | 'arch' | 'init' | 'm' | 'mo' | 'option' | 'unknown';
  option?: string;
} | null {
  const match = /^r(\d{1,6})(?:\.(.*))?$/s.exec(key);
  if (!match) return null;
  const index = Number(match[1]);
  const rest = match[2];
  if (rest === undefined) return { index, part: 'label' };
  if (rest === 'arch' || rest === 'init' || rest === 'm' || rest === 'mo')
    return { index, part: rest };
  if (rest.startsWith('mo.')) return { index, part: 'option', option: rest.slice(3) };
  return { index, part: 'unknown' };
}

export function encodeRuns(runs: readonly RunSpec[]): string[] {
  const out: string[] = [];
  runs.forEach((run, i) => {
    out.push(`r${i}=${escapeText(run.label)}`);
    if (run.architecture !== undefined) out.push(`r${i}.arch=${run.architecture}`);
    if (run.init !== undefined) out.push(`r${i}.init=${run.init}`);
    if (run.method !== undefined) out.push(`r${i}.m=${escapeText(run.method)}`);
    if (run.methodOptions !== undefined) {
      const options = encodeOptions(`r${i}.mo.`, run.methodOptions);
      out.push(...(options.length ? options : [`r${i}.mo=`]));
    }
  });
  return out;
}

/** Checks one run label; returns a reason when it cannot be used. */
export function labelProblem(label: string): string | null {
  if (label === '') return 'the run has an empty label; ignored';
  if (label.length > MAX_LABEL) return `label is longer than ${MAX_LABEL} characters; ignored`;
  return null;
}

/** Splits an id list (views), keeping valid unique ids and naming the rest. */
export function parseIdList(text: string): { ids: string[]; problems: string[] } {
  const ids: string[] = [];
  const problems: string[] = [];
  if (text === '') return { ids, problems };
  for (const id of text.split(',')) {
    if (!ID_PATTERN.test(id)) problems.push(`${quote(id)} is not a view name; ignored`);
    else if (ids.includes(id)) problems.push(`${quote(id)} is listed twice; keeping one`);
    else ids.push(id);
  }
  return { ids, problems };
}

export const HIDE_SUFFIX = '_hide';

/** `1`, `true` or nothing hide the control; `0`/`false` show it; null for anything else. */
export function parseHideFlag(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === '' || t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false') return false;
  return null;
}
