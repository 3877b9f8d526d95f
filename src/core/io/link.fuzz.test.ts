/**
 * decodeLink against junk: random strings, key/value soup and mutated valid links. Besides "never
 * throws, always valid", an independent oracle checks that no field changes silently: whenever
 * the decoded value differs from the naive reading of the link text (Number(), split(',')), the
 * ignored list must name that field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabConfig } from '../config/schema';
import { validateConfig } from '../config/validate';
import { decodeLink, encodeLink } from './link';
import { arbLinkState } from './link.fixtures';
import { ID_PATTERN } from './linkExtras';
import { LINK_FIELDS } from './linkFields';

const TEXT_KEYS = new Set([
  'arch',
  'mask',
  'hi',
  'init',
  'm',
  'lt',
  'tp',
  'ex',
  'exg',
  'sg',
  'mg',
  'mn',
]);
const KIND_ALIAS: Record<string, string> = { r: 'regression', b: 'binary', m: 'multiclass' };

function naiveEntries(text: string): Map<string, string> {
  const hash = text.indexOf('#');
  const query = text.indexOf('?');
  const body = hash >= 0 ? text.slice(hash + 1) : query >= 0 ? text.slice(query + 1) : text;
  const out = new Map<string, string>();
  for (const segment of body.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    let key: string;
    try {
      key = decodeURIComponent(eq < 0 ? segment : segment.slice(0, eq));
    } catch {
      continue;
    }
    if (!out.has(key)) out.set(key, eq < 0 ? '' : segment.slice(eq + 1));
  }
  return out;
}

/** `name:c,c*name:c` with the names escaped once more (linkFeatureGroups.ts). */
function naiveFeatureGroups(raw: string): unknown {
  if (raw === '') return [];
  return raw.split('*').map((part) => {
    const at = part.indexOf(':');
    let name: string | null;
    try {
      name = decodeURIComponent(part.slice(0, at));
    } catch {
      name = null;
    }
    return {
      name,
      columns: part
        .slice(at + 1)
        .split(',')
        .map(Number),
    };
  });
}

function naiveValue(key: string, raw: string): unknown {
  if (TEXT_KEYS.has(key)) return raw;
  const items = raw === '' ? [] : raw.split(',');
  if (key === 'kind') return items.map((k) => KIND_ALIAS[k] ?? k);
  if (key === 'fg') return naiveFeatureGroups(raw);
  const field = LINK_FIELDS.find((f) => f.key === key);
  if (field?.path.includes('[]') || key === 'hid' || key === 'tow' || key === 'off')
    return items.map(Number);
  return Number(raw);
}

function valueAt(config: LabConfig, path: string): unknown {
  const [head, prop] = path.split('[].');
  let node: unknown = config;
  for (const part of head.split('.')) node = (node as Record<string, unknown>)[part];
  return prop ? (node as Record<string, unknown>[]).map((s) => s[prop]) : node;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((k) => same(x[k], y[k]));
  }
  return Object.is(a, b);
}

const FAMILY = /^(v|views|lesson|mo\..*|r\d{1,6}(\..*)?)$|_hide$/s;
const fieldKeys = new Set(LINK_FIELDS.map((f) => f.key));

let checked = 0;
function checkDecode(text: string): void {
  const { state, ignored, notes } = decodeLink(text);
  checked++;
  expect(validateConfig(state.config).ok).toBe(true);
  for (const message of ignored) expect(message).toMatch(/^.+?: .+/s);
  expect(state.runs?.length ?? 0).toBeLessThanOrEqual(16);
  for (const id of [...(state.views ?? []), ...(state.hidden ?? [])])
    expect(id).toMatch(ID_PATTERN);
  const named = (key: string) => ignored.some((m) => m.startsWith(`${key}:`));

  const entries = naiveEntries(text);
  for (const field of LINK_FIELDS) {
    const escaped = entries.get(field.key);
    if (escaped === undefined) continue;
    let raw: string | null;
    try {
      raw = decodeURIComponent(escaped);
    } catch {
      raw = null;
    }
    const actual = valueAt(state.config, field.path);
    const silentOk =
      field.key === 'corr'
        ? actual !== null
        : raw !== null && same(actual, naiveValue(field.key, raw));
    if (!silentOk && !named(field.key)) {
      throw new Error(
        `field ${field.key} changed silently: link ${JSON.stringify(raw)}, decoded ${JSON.stringify(actual)}\n${text}\n${ignored.join('\n')}`,
      );
    }
  }
  const version = entries.get('v');
  if (version !== undefined && version !== '1' && version !== '2') expect(named('v')).toBe(true);
  // A v1 link without init keeps the scheme it was made with, and says so (a note, not silence).
  if (version === '1' && !entries.has('init')) {
    expect(state.config.model.init).toBe('he-normal');
    expect(notes.some((n) => n.startsWith('init:'))).toBe(true);
  }
  if (version === undefined && [...entries.keys()].length > 0) expect(named('v')).toBe(true);
  for (const key of entries.keys()) {
    if (key === '' || key.length > 40 || fieldKeys.has(key) || FAMILY.test(key)) continue;
    if (!named(key))
      throw new Error(`unknown key ${JSON.stringify(key)} not reported:\n${ignored.join('\n')}`);
  }
}

const keys = [
  ...fieldKeys,
  'v',
  'mo.alpha',
  'r0',
  'r1.arch',
  'r2.m',
  'r0.mo.x',
  'r3.zz',
  'views',
  'lesson',
  'rho_hide',
  '__proto__',
  'constructor',
  'toString',
  'x',
  '',
];
const junkValue = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '-1e999',
    '99999999999999999999',
    '-1',
    '-0',
    '0',
    '',
    '0x10',
    '1_0',
    ' 5',
    '5 ',
    '%',
    '%E0%A4%A',
    '%00',
    '1,2,3',
    ',,',
    'null',
    'true',
    '1e-400',
    '2.5',
    '1e+3',
    '+1',
    '.5',
    '5.',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const soup = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), junkValue), {
    maxLength: 25,
  })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

type Mutation = (text: string) => string;
const atSegment = (text: string, index: number, edit: (segment: string) => string): string => {
  const parts = text.split('&');
  const i = index % parts.length;
  parts[i] = edit(parts[i]);
  return parts.join('&');
};
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 6 })).map(([n, bit]) => (t: string) => {
    const i = n % Math.max(1, t.length);
    return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << bit)) + t.slice(i + 1);
  }),
  fc.tuple(fc.nat(), junkValue).map(
    ([n, junk]) =>
      (t: string) =>
        atSegment(t, n, (s) => `${s.split('=')[0]}=${junk}`),
  ),
  junkValue.map((junk) => (t: string) => t.replace(/^v=1/, `v=${junk}`)),
  fc.tuple(fc.constantFrom(...keys), junkValue).map(
    ([k, v]) =>
      (t: string) =>
        `${t}&${k}=${v}`,
  ),
  fc.tuple(fc.nat(), junkValue).map(
    ([n, junk]) =>
      (t: string) =>
        `${t}&${t.split('&')[n % t.split('&').length].split('=')[0]}=${junk}`,
  ),
  fc.nat().map((n) => (t: string) => atSegment(t, n, () => '')),
  fc.constantFrom<Mutation>(
    (t) => t.replace('v=2', 'v=3'),
    (t) => t.replace('v=2', 'v=1'),
    (t) => `?${t}`,
    (t) => `https://x.test/lab#${t}`,
    (t) => t.replaceAll('&', ';'),
  ),
);

describe('decodeLink never throws and reports every broken field', () => {
  it('handles random strings and key/value soup', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ maxLength: 300 }),
          soup,
          soup,
        ),
        (text) => checkDecode(text),
      ),
      { numRuns: 700 },
    );
  });

  it('handles mutated valid links (truncations, bit flips, junk values, versions, injected keys)', () => {
    fc.assert(
      fc.property(
        arbLinkState,
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (state, mutations) =>
          checkDecode(mutations.reduce((text, m) => m(text), encodeLink(state))),
      ),
      { numRuns: 800 },
    );
  });

  it('decoded at least 1,500 links', () => {
    expect(checked).toBeGreaterThanOrEqual(1500);
  });

  it('survives non-string input and a very long link', () => {
    expect(() => decodeLink(undefined as unknown as string)).not.toThrow();
    const long = `v=1&${'T=3&'.repeat(50_000)}hid=${'1,'.repeat(10_000)}1`;
    const { state, ignored } = decodeLink(long);
    expect(state.config.data.tasks).toBe(3);
    expect(ignored.some((m) => m.startsWith('T: appears 50000 times'))).toBe(true);
    expect(ignored.some((m) => m.startsWith('hid: '))).toBe(true);
  });
});
