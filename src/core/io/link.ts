/**
 * The whole experiment in a link. `encodeLink` writes a compact, readable query/hash string
 * (`v=1&T=3&D=16&rho=0.6&deg=1,2,1&...`) from the field table in linkFields.ts; `decodeLink`
 * reads any text at all without throwing: fields that are broken, unknown or in conflict fall
 * back to their defaults one by one, and `ignored` says what was dropped and why.
 */
import { decodeSweepSpec } from '../sweep/linkText';
import { defaultConfig, resizeTaskSpecs } from '../config/defaults';
import { LEGACY_INIT } from '../config/migrate';
import { SCHEMA_VERSION, type LabConfig, type OptionValue } from '../config/schema';
import { escapeText, formatNumber, quote, unescapeText } from './linkCodecs';
import {
  HIDE_SUFFIX,
  decodeOption,
  ID_PATTERN,
  encodeOptions,
  encodeRuns,
  parseHideFlag,
  parseIdList,
  parseRunKey,
  setOwn,
  type RunSpec,
} from './linkExtras';
import { LINK_FIELDS, METHOD_OPTIONS_PREFIX } from './linkFields';
import { decodeRuns } from './linkRuns';
import { repairCrossFields } from './linkRepair';
import { errorMessage } from '../errorMessage';

export type { RunSpec } from './linkExtras';

export interface LinkState {
  config: LabConfig;
  /** Runs to compare; an empty list is the same as none. */
  runs?: RunSpec[];
  /** Open views; `[]` (all closed) differs from undefined (the app's default layout). */
  views?: string[];
  /** Controls hidden for classroom mode; an empty list is the same as none. */
  hidden?: string[];
  lesson?: string;
  /** A sweep's definition (src/core/sweep/linkText.ts), not its results. */
  sweep?: string;
}

export interface DecodeOptions {
  /** Method ids the app knows; a link naming another method falls back to the default method. */
  knownMethods?: readonly string[];
}

/** The config with every per-task default resized to its task count: what an absent field means. */
function baselineFor(config: LabConfig): LabConfig {
  const base = defaultConfig();
  base.data.tasks = config.data.tasks;
  base.data.taskSpecs = resizeTaskSpecs(base.data.taskSpecs, config.data.tasks);
  return base;
}

/** Query/hash text without a leading `?` or `#`. */
export function encodeLink(state: LinkState): string {
  const { config } = state;
  const base = baselineFor(config);
  const parts = [`v=${formatNumber(config.version)}`];
  for (const field of LINK_FIELDS) {
    const text = field.write(config, base);
    if (text !== null) parts.push(`${field.key}=${text}`);
  }
  parts.push(...encodeOptions(METHOD_OPTIONS_PREFIX, config.train.methodOptions));
  if (state.runs?.length) parts.push(...encodeRuns(state.runs));
  if (state.views !== undefined) parts.push(`views=${state.views.map(escapeText).join(',')}`);
  for (const control of state.hidden ?? []) parts.push(`${escapeText(control)}${HIDE_SUFFIX}=1`);
  if (state.lesson !== undefined) parts.push(`lesson=${escapeText(state.lesson)}`);
  if (state.sweep !== undefined) parts.push(`sweep=${escapeText(state.sweep)}`);
  return parts.join('&');
}

interface Entry {
  key: string;
  values: string[];
}

/** Splits link text into keys with all their raw values, in order of first appearance. */
function splitLink(text: string, ignored: string[]): Entry[] {
  const hash = text.indexOf('#');
  const query = text.indexOf('?');
  const body = hash >= 0 ? text.slice(hash + 1) : query >= 0 ? text.slice(query + 1) : text;
  const entries = new Map<string, Entry>();
  for (const segment of body.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawKey = eq < 0 ? segment : segment.slice(0, eq);
    const key = unescapeText(rawKey);
    if (key === null) {
      ignored.push(`${quote(rawKey)}: the name is badly escaped; ignored`);
      continue;
    }
    const entry = entries.get(key) ?? { key, values: [] };
    entry.values.push(eq < 0 ? '' : segment.slice(eq + 1));
    entries.set(key, entry);
  }
  return [...entries.values()];
}

function label(key: string): string {
  return key === '' ? '(empty name)' : key.length > 40 ? quote(key) : key;
}

/** First raw value of an entry, unescaped; reports duplicates and bad escapes. */
function valueOf(entry: Entry, ignored: string[]): string | null {
  if (entry.values.length > 1) {
    ignored.push(
      `${label(entry.key)}: appears ${entry.values.length} times; using the first (${quote(entry.values[0])})`,
    );
  }
  const text = unescapeText(entry.values[0]);
  if (text === null)
    ignored.push(
      `${label(entry.key)}: ${quote(entry.values[0])} is badly escaped; using the default`,
    );
  return text;
}

/** The link's schema version (the current one when it is missing or unreadable). */
function readVersion(entry: Entry | undefined, anyOther: boolean, ignored: string[]): number {
  if (entry === undefined) {
    if (anyOther) ignored.push(`v: missing; reading the link as version ${SCHEMA_VERSION}`);
    return SCHEMA_VERSION;
  }
  const text = valueOf(entry, ignored);
  if (text === null) return SCHEMA_VERSION;
  const v = Number(text);
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    ignored.push(
      `v: ${quote(text)} is not a version number; reading the link as version ${SCHEMA_VERSION}`,
    );
  } else if (v > SCHEMA_VERSION) {
    ignored.push(
      `v: link made by a newer version (v${v}); this is version ${SCHEMA_VERSION}, so fields it does not understand are ignored`,
    );
  }
  return /^[1-9]\d{0,8}$/.test(text) ? v : SCHEMA_VERSION;
}

/**
 * What an older link meant where the defaults have changed since: a v1 link (before model.init)
 * drew its weights with the scheme now called he-normal, so it keeps it. Returns notes to show.
 */
function keepOldMeaning(version: number, hasInit: boolean, config: LabConfig): string[] {
  if (version >= 2 || hasInit) return [];
  config.model.init = LEGACY_INIT;
  return [
    `init: the link was made before the initialisation was a choice (v${version}), so it keeps the scheme it was made with, ${LEGACY_INIT}; choose "pytorch" in the Model panel for the numbers a PyTorch or LibMTL user gets.`,
  ];
}

export function decodeLink(
  text: string,
  options: DecodeOptions = {},
): {
  state: LinkState;
  ignored: string[];
  /** What an older link is read as, where today's defaults differ (shown once). */
  notes: string[];
} {
  const ignored: string[] = [];
  const config = defaultConfig();
  const state: LinkState = { config };
  const entries = splitLink(typeof text === 'string' ? text : '', ignored);
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const used = new Set<string>(['v']);
  const version = readVersion(
    byKey.get('v'),
    entries.some((e) => e.key !== 'v'),
    ignored,
  );

  for (const field of LINK_FIELDS) {
    const entry = byKey.get(field.key);
    if (!entry) continue;
    used.add(field.key);
    const raw = valueOf(entry, ignored);
    const problems = raw === null ? [] : field.read(raw, config);
    for (const p of problems) ignored.push(`${field.key}: ${p}`);
  }

  const methodOptions: Record<string, OptionValue> = {};
  const runEntries: { key: string; value: string | null }[] = [];
  const hidden: string[] = [];
  for (const entry of entries) {
    const { key } = entry;
    if (used.has(key)) continue;
    if (key.startsWith(METHOD_OPTIONS_PREFIX)) {
      const value = valueOf(entry, ignored);
      if (value !== null)
        setOwn(methodOptions, key.slice(METHOD_OPTIONS_PREFIX.length), decodeOption(value));
    } else if (parseRunKey(key)) {
      runEntries.push({ key, value: valueOf(entry, ignored) });
    } else if (key === 'views') {
      const value = valueOf(entry, ignored);
      if (value === null) continue;
      const { ids, problems } = parseIdList(value);
      state.views = ids;
      for (const p of problems) ignored.push(`views: ${p}`);
    } else if (key === 'lesson') {
      const value = valueOf(entry, ignored);
      if (value === null) continue;
      if (ID_PATTERN.test(value)) state.lesson = value;
      else ignored.push(`lesson: ${quote(value)} is not a lesson name; ignored`);
    } else if (key === 'sweep') {
      const value = valueOf(entry, ignored);
      if (value === null) continue;
      try {
        decodeSweepSpec(value);
        state.sweep = value;
      } catch (error) {
        ignored.push(`sweep: ${errorMessage(error)}; ignored`);
      }
    } else if (key.endsWith(HIDE_SUFFIX)) {
      const control = key.slice(0, -HIDE_SUFFIX.length);
      const value = valueOf(entry, ignored);
      if (value === null) continue;
      const flag = parseHideFlag(value);
      if (!ID_PATTERN.test(control))
        ignored.push(`${label(key)}: ${quote(control)} is not a control name; ignored`);
      else if (flag === null)
        ignored.push(`${label(key)}: ${quote(value)} should be 1 (hide) or 0 (show); ignored`);
      else if (flag) hidden.push(control);
    } else {
      ignored.push(`${label(key)}: not a field MTL Lab knows; ignored`);
    }
  }
  config.train.methodOptions = methodOptions;
  const runs = decodeRuns(runEntries, ignored);
  if (runs.length) state.runs = runs;
  if (hidden.length) state.hidden = hidden;

  const known = options.knownMethods;
  if (known && !known.includes(config.train.method)) {
    const fallback = defaultConfig().train.method;
    ignored.push(
      `m: ${quote(config.train.method)} is not a method this version knows; using ${fallback}`,
    );
    config.train.method = fallback;
  }

  const notes = keepOldMeaning(version, byKey.has('init'), config);
  state.config = repairCrossFields(config, ignored);
  return { state, ignored, notes };
}
