/**
 * Small value codecs for the experiment link: numbers, lists, enums and escaped text. Each codec
 * turns a value into link text and back, and a rejection carries a reason a person can act on
 * ("7 is outside [-1, 1]"). Bounds are read from the config schema's own zod validators so the
 * link can never disagree with validation.
 */
import type { z } from 'zod';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface Codec<T> {
  encode(value: T): string;
  decode(raw: string): Parsed<T>;
}

export const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const reject = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Shortest text that parses back to exactly the same number (keeps -0, drops the `+`). */
export function formatNumber(x: number): string {
  if (Object.is(x, -0)) return '-0';
  return String(x).replace('e+', 'e');
}

/** Raw link text as shown in a message: quoted and cut short. */
export function quote(raw: string): string {
  const cut = raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
  return JSON.stringify(cut);
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(raw: string): Parsed<number> {
  const text = raw.trim();
  if (!NUMBER_TEXT.test(text)) return reject(`${quote(raw)} is not a number`);
  const value = Number(text);
  if (!Number.isFinite(value)) return reject(`${text} is too large to be a number here`);
  return accept(value);
}

/** A number codec whose bounds and integrality come from a zod number schema. */
export function numberCodec(schema: z.ZodNumber): Codec<number> {
  const min = schema.minValue;
  const max = schema.maxValue;
  const range = `[${min === null ? '-inf' : formatNumber(min)}, ${max === null ? 'inf' : formatNumber(max)}]`;
  return {
    encode: formatNumber,
    decode(raw) {
      const parsed = parseNumber(raw);
      if (!parsed.ok) return parsed;
      const x = parsed.value;
      if (schema.isInt && !Number.isInteger(x))
        return reject(`${raw.trim()} is not a whole number`);
      if ((min !== null && x < min) || (max !== null && x > max)) {
        return reject(`${raw.trim()} is outside ${range}`);
      }
      return accept(x);
    },
  };
}

export function enumCodec<T extends string>(
  values: readonly T[],
  short: Partial<Record<T, string>> = {},
): Codec<T> {
  return {
    encode: (value) => short[value] ?? value,
    decode(raw) {
      const text = raw.trim();
      const match = values.find((v) => v === text || short[v] === text);
      return match === undefined
        ? reject(`${quote(raw)} is not one of ${values.join(', ')}`)
        : accept(match);
    },
  };
}

/** Comma-separated list; the empty text is the empty list. Stops at the first bad item. */
export function listCodec<T>(item: Codec<T>): Codec<T[]> {
  return {
    encode: (values) => values.map((v) => item.encode(v)).join(','),
    decode(raw) {
      if (raw === '') return accept([]);
      const out: T[] = [];
      const parts = raw.split(',');
      for (let i = 0; i < parts.length; i++) {
        const parsed = item.decode(parts[i]);
        if (!parsed.ok) return reject(`item ${i + 1}: ${parsed.reason}`);
        out.push(parsed.value);
      }
      return accept(out);
    },
  };
}

export const textCodec: Codec<string> = {
  encode: (value) => escapeText(value),
  decode: (raw) => (raw === '' ? reject('is empty') : accept(raw)),
};

// Characters left readable in link text; everything else is percent-encoded as UTF-8.
const KEEP = /^[A-Za-z0-9\-_.~!*'(),:]$/;
const utf8 = new TextEncoder();

export function escapeText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (KEEP.test(ch)) out += ch;
    else
      for (const byte of utf8.encode(ch))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Percent-decoding that returns null for malformed escapes instead of throwing. */
export function unescapeText(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
