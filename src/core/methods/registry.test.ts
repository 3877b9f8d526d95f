import { describe, expect, it } from 'vitest';
import { getMethod, METHOD_IDS, METHODS, resolveOptions } from './registry';

const REQUIRED = [
  'ew',
  'rlw',
  'uw',
  'dwa',
  'igbv1',
  'gradnorm',
  'mgda',
  'mgdaub',
  'pcgrad',
  'gradvac',
  'graddrop',
  'imtl',
  'cagrad',
  'nashmtl',
  'alignedmtl',
  'alignedmtlub',
  'fuller',
  'dbmtl',
  'famo',
  'upgrad',
  'fairgrad',
  'stch',
  'config',
];

/** Defaults from the reference (LibMTL config.py unless noted). */
const DEFAULTS: Record<string, Record<string, unknown>> = {
  uw: { init: -0.5, weight_lr: 0, form: 'libmtl' },
  igbv1: { base_epoch: 1, base_epochs: 1 },
  dwa: { temp: 2, window: 25 },
  gradnorm: { alpha: 1.5, weight_lr: 0 },
  mgda: { mgda_gn: 'none' },
  mgdaub: { mgda_gn: 'none' },
  gradvac: { beta: 0.5 },
  graddrop: { leak: 0 },
  cagrad: { c: 0.5, rescale: 1 },
  nashmtl: { update_weights_every: 1, max_norm: 1 },
  alignedmtl: { scale_mode: 'min' },
  alignedmtlub: { scale_mode: 'min' },
  dbmtl: { beta: 0.9, beta_sigma: 0 },
  famo: { w_lr: 0.025, gamma: 1e-3 },
  upgrad: { norm_eps: 1e-4, reg_eps: 1e-4 },
  fairgrad: { alpha: 1 },
  stch: { mu: 1, warmup_epoch: 4 },
  imtl: { weight_lr: 0 },
  // No official code: the lab's choices (methods/fuller.ts).
  fuller: { direction: 'none', intra: true },
};

describe('method registry', () => {
  it('resolves every required id, with unique ids and complete metadata', () => {
    expect(new Set(METHOD_IDS).size).toBe(METHOD_IDS.length);
    for (const id of REQUIRED) {
      const m = getMethod(id);
      expect(m.id).toBe(id);
      expect(m.summary.length).toBeGreaterThan(80);
      expect(m.citation).toMatch(/(19|20)\d\d/);
      expect(m.label.length).toBeGreaterThan(1);
    }
    expect([...METHOD_IDS].sort()).toEqual([...REQUIRED].sort());
  });

  it('declares needs consistent with the engine contract', () => {
    for (const m of METHODS) {
      if (m.family === 'loss') expect(m.needs.grads).toBe('none');
      if (m.needs.lossesAfter) expect(m.needs.losses).toBe(true);
    }
    expect(getMethod('graddrop').needs.grads).toBe('jacobian');
    expect(getMethod('dbmtl').needs.grads).toBe('jacobian');
    expect(getMethod('famo').needs.lossesAfter).toBe(true);
    expect(getMethod('mgdaub').needs.gradSource).toBe('representation');
  });

  it('has the reference defaults', () => {
    for (const m of METHODS) expect(resolveOptions(m, {})).toEqual(DEFAULTS[m.id] ?? {});
  });

  it('keeps given values and fills the rest', () => {
    expect(resolveOptions(getMethod('cagrad'), { c: 0.4 })).toEqual({ c: 0.4, rescale: 1 });
  });

  it('rejects unknown methods and invalid options with a message naming them', () => {
    expect(() => getMethod('nash')).toThrow(/unknown method "nash".*nashmtl/);
    expect(() => resolveOptions(getMethod('cagrad'), { calpha: 0.5 })).toThrow(
      /unknown option "calpha".*valid options: c, rescale/,
    );
    expect(() => resolveOptions(getMethod('ew'), { x: 1 })).toThrow(
      /unknown option "x".*valid options: none/,
    );
    expect(() => resolveOptions(getMethod('cagrad'), { c: -1 })).toThrow(
      /option "c" of method "cagrad" must be between 0 and 10/,
    );
    expect(() => resolveOptions(getMethod('cagrad'), { rescale: 1.5 })).toThrow(
      /"rescale".*integer/,
    );
    expect(() => resolveOptions(getMethod('mgda'), { mgda_gn: 'l1' })).toThrow(
      /"mgda_gn".*one of "none", "l2", "loss", "loss\+"/,
    );
    expect(() => resolveOptions(getMethod('gradvac'), { beta: 'high' })).toThrow(
      /"beta".*finite number/,
    );
    expect(() => resolveOptions(getMethod('upgrad'), { reg_eps: Number.NaN })).toThrow(/"reg_eps"/);
  });

  it('every option default passes its own validation and has help text', () => {
    for (const m of METHODS) {
      for (const o of m.options) {
        expect(o.help.length).toBeGreaterThan(10);
        expect(() => resolveOptions(m, { [o.key]: o.default })).not.toThrow();
      }
    }
  });
});
