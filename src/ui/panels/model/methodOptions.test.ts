import { describe, expect, it } from 'vitest';
import { getMethod, METHODS, resolveOptions } from '../../../core/methods/registry';
import type { MethodDefinition, OptionSpec } from '../../../core/methods/types';
import { editOption, formatDefault, methodGroups, parseOption, shownOption } from './methodOptions';

const spec = (method: string, key: string): OptionSpec => {
  const found = getMethod(method).options.find((o) => o.key === key);
  if (!found) throw new Error(`no option ${key}`);
  return found;
};

const flag: OptionSpec = { key: 'on', label: 'on', help: '', default: false, kind: 'boolean' };
const withFlag: MethodDefinition = { ...getMethod('ew'), options: [flag] };

describe('parseOption', () => {
  it('reads numbers, selects and booleans', () => {
    expect(parseOption(spec('gradnorm', 'alpha'), '2.5')).toBe(2.5);
    expect(Number.isNaN(parseOption(spec('gradnorm', 'alpha'), ''))).toBe(true);
    expect(Number.isNaN(parseOption(spec('gradnorm', 'alpha'), 'abc'))).toBe(true);
    expect(parseOption(spec('mgda', 'mgda_gn'), 'l2')).toBe('l2');
    expect(parseOption(flag, true)).toBe(true);
    expect(parseOption(flag, false)).toBe(false);
  });
});

describe('editOption', () => {
  const gradnorm = getMethod('gradnorm');

  it('stores a valid value next to the ones already set, accepted by resolveOptions', () => {
    const outcome = editOption(gradnorm, { weight_lr: 0.01 }, spec('gradnorm', 'alpha'), '3');
    expect(outcome).toEqual({ ok: true, options: { weight_lr: 0.01, alpha: 3 } });
    if (outcome.ok) expect(() => resolveOptions(gradnorm, outcome.options)).not.toThrow();
  });

  it('rejects out-of-range, non-integer and empty values with a message naming the option', () => {
    const high = editOption(gradnorm, {}, spec('gradnorm', 'alpha'), '11');
    expect(high.ok).toBe(false);
    if (!high.ok) expect(high.message).toMatch(/alpha.*between 0 and 10/);
    const window = editOption(getMethod('dwa'), {}, spec('dwa', 'window'), '2.5');
    expect(!window.ok && window.message).toMatch(/"window".*integer/);
    const empty = editOption(gradnorm, {}, spec('gradnorm', 'alpha'), ' ');
    expect(!empty.ok && empty.message).toMatch(/"alpha".*finite number/);
    const choice = editOption(getMethod('mgda'), {}, spec('mgda', 'mgda_gn'), 'l3');
    expect(!choice.ok && choice.message).toMatch(/"mgda_gn".*one of/);
  });

  it('handles boolean options', () => {
    expect(editOption(withFlag, {}, flag, true)).toEqual({ ok: true, options: { on: true } });
  });
});

describe('shownOption and formatDefault', () => {
  it('shows the stored value or the default', () => {
    const alpha = spec('gradnorm', 'alpha');
    expect(shownOption(alpha, {})).toBe(1.5);
    expect(shownOption(alpha, { alpha: 0 })).toBe(0);
    expect(formatDefault(alpha)).toBe('1.5');
    expect(formatDefault(flag)).toBe('off');
  });
});

describe('methodGroups', () => {
  it('lists every method once, loss weighting first', () => {
    const groups = methodGroups();
    expect(groups.map((g) => g.label)).toEqual(['Loss weighting', 'Gradient manipulation']);
    const ids = groups.flatMap((g) => g.methods.map((m) => m.id));
    expect([...ids].sort()).toEqual(METHODS.map((m) => m.id).sort());
    expect(groups[0].methods.every((m) => m.family === 'loss')).toBe(true);
  });
});
