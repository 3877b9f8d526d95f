import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultConfig } from '../config/defaults';
import { configSchema } from '../config/schema';
import { validateConfig } from '../config/validate';
import { decodeLink, encodeLink } from './link';
import { arbLinkState } from './link.fixtures';
import { LINK_FIELDS, METHOD_OPTIONS_PATH } from './linkFields';

/** Every leaf path of a zod schema, with `[]` for arrays of objects. */
function leafPaths(schema: z.ZodType, prefix: string): string[] {
  const def = schema._zod.def;
  if (def.type === 'default' || def.type === 'nullable' || def.type === 'optional') {
    return leafPaths((schema as z.ZodDefault<z.ZodType>).unwrap(), prefix);
  }
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      leafPaths(child, prefix ? `${prefix}.${key}` : key),
    );
  }
  if (schema instanceof z.ZodArray && schema.element instanceof z.ZodObject) {
    return leafPaths(schema.element, `${prefix}[]`);
  }
  return [prefix];
}

describe('link field table', () => {
  it('covers every field of the config schema exactly once', () => {
    const covered = [...LINK_FIELDS.map((f) => f.path), METHOD_OPTIONS_PATH, 'version'];
    // A field may carry a whole array of objects (model.featureGroups): that covers its leaves.
    const leaves = leafPaths(configSchema, '').map(
      (leaf) => covered.find((c) => leaf.startsWith(`${c}[].`)) ?? leaf,
    );
    leaves.splice(0, leaves.length, ...new Set(leaves));
    expect(leaves.length).toBeGreaterThan(30);
    expect([...covered].sort()).toEqual([...leaves].sort());
  });

  it('uses unique keys that no key family (mo., r<i>, _hide) can shadow', () => {
    const keys = LINK_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(key).not.toMatch(/^(mo\.|r\d|views$|lesson$|v$)|_hide$/);
    }
  });
});

describe('encodeLink', () => {
  it('writes the default experiment as a short readable query', () => {
    const text = encodeLink({ config: defaultConfig() });
    expect(text).toBe(
      'v=2&T=3&D=16&rho=0.6&deg=1,2,1&noise=0.01,0.01,0.01&N=4000&tf=0.3&seed=1&arch=shared-bottom&hid=64,64&tow=32&m=ew&lr=0.001&bs=128&ws=1',
    );
  });

  it('writes non-default extension fields, options, runs, views and hidden controls', () => {
    const config = defaultConfig();
    config.model.architecture = 'mmoe';
    config.model.experts = 6;
    config.data.taskSpecs[1].kind = 'binary';
    config.train.method = 'pcgrad';
    config.train.methodOptions = { alpha: 0.5, reduction: 'sum' };
    const text = encodeLink({
      config,
      runs: [{ label: 'EW baseline', method: 'ew' }],
      views: ['loss', 'gates'],
      hidden: ['rho'],
      lesson: 'negative-transfer',
    });
    expect(text).toContain('&arch=mmoe&');
    expect(text).toContain('&kind=r,b,r&');
    expect(text).toContain('&E=6&');
    expect(text).toContain('&mo.alpha=0.5&mo.reduction=sum');
    expect(text).toContain(
      '&r0=EW%20baseline&r0.m=ew&views=loss,gates&rho_hide=1&lesson=negative-transfer',
    );
    expect(text).not.toContain('cls=');
  });
});

describe('link round trip', () => {
  it('config -> link -> config is exact for random valid states (fast-check)', () => {
    let samples = 0;
    fc.assert(
      fc.property(arbLinkState, (state) => {
        expect(validateConfig(state.config).ok).toBe(true);
        const text = encodeLink(state);
        expect(text).toMatch(/^[A-Za-z0-9\-_.~!*'(),:%&=]*$/);
        const decoded = decodeLink(text);
        expect(decoded.ignored).toEqual([]);
        expect(decoded.state).toEqual(state);
        // The same link read from a full URL (hash or query).
        expect(decodeLink(`https://lab.example/#${text}`).state).toEqual(state);
        expect(decodeLink(`https://lab.example/?${text}`).state.config).toEqual(state.config);
        samples++;
      }),
      { numRuns: 400 },
    );
    expect(samples).toBe(400);
  });

  it('keeps -0, tiny and huge numbers and option strings that look like numbers', () => {
    const config = defaultConfig();
    config.data.rho = -0;
    config.train.learningRate = 1e-6;
    config.train.methodOptions = {
      a: -0,
      b: '-0',
      c: "'quoted",
      d: 'true',
      e: true,
      f: 1.7976931348623157e308,
      '': '',
    };
    const { state, ignored } = decodeLink(encodeLink({ config }));
    expect(ignored).toEqual([]);
    expect(Object.is(state.config.data.rho, -0)).toBe(true);
    expect(state.config.train.methodOptions).toEqual(config.train.methodOptions);
    expect(Object.is(state.config.train.methodOptions.a, -0)).toBe(true);
  });

  it('carries IGBv2 under a gradient method with its agent options', () => {
    const config = defaultConfig();
    config.train.method = 'pcgrad';
    config.train.lossTransform = 'igbv2';
    config.train.methodOptions = {
      base_epoch: 0,
      sac_start_epoch: 2,
      sac_hidden: 32,
      sac_lr: 1e-3,
    };
    const text = encodeLink({ config });
    expect(text).toContain('lt=igbv2');
    expect(text).toContain('mo.sac_hidden=32');
    const { state, ignored } = decodeLink(text);
    expect(ignored).toEqual([]);
    expect(state.config.train.lossTransform).toBe('igbv2');
    expect(state.config.train.methodOptions).toEqual(config.train.methodOptions);
  });

  it('keeps an option named __proto__ as a plain own field', () => {
    const options = JSON.parse('{"__proto__": 3, "x": "y"}') as Record<string, number | string>;
    const config = defaultConfig();
    config.train.methodOptions = options;
    const { state } = decodeLink(encodeLink({ config }));
    expect(Object.keys(state.config.train.methodOptions)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(state.config.train.methodOptions)).toBe(Object.prototype);
  });
});

describe('decodeLink messages', () => {
  const base = encodeLink({ config: defaultConfig() });
  const messages = (patch: string) => decodeLink(`${base}&${patch}`).ignored;

  it('says why a value was dropped and what is used instead', () => {
    const { state, ignored } = decodeLink(base.replace('rho=0.6', 'rho=7'));
    expect(ignored).toEqual(['rho: 7 is outside [-1, 1]; using 0.6']);
    expect(state.config.data.rho).toBe(0.6);
  });

  it('reports a newer version and still reads the fields it understands', () => {
    const { state, ignored } = decodeLink(
      base.replace('v=2', 'v=3').replace('rho=0.6', 'rho=0.2') + '&future=9',
    );
    expect(ignored[0]).toMatch(/^v: link made by a newer version \(v3\)/);
    expect(ignored).toContain('future: not a field MTL Lab knows; ignored');
    expect(state.config.data.rho).toBe(0.2);
  });

  it('reads a v1 link (before model.init) with he-normal, the scheme it was made with, and says so', () => {
    const old = decodeLink(base.replace('v=2', 'v=1'));
    expect(old.state.config.model.init).toBe('he-normal');
    expect(old.ignored).toEqual([]);
    expect(old.notes).toHaveLength(1);
    expect(old.notes[0]).toMatch(/^init: .*before the initialisation was a choice.*he-normal/);
    // A v1 link that names a scheme keeps it; a v2 link without one gets today's default.
    expect(
      decodeLink(base.replace('v=2', 'v=1') + '&init=glorot-uniform').state.config.model.init,
    ).toBe('glorot-uniform');
    const current = decodeLink(base);
    expect(current.state.config.model.init).toBe('pytorch');
    expect(current.notes).toEqual([]);
  });

  it('writes the initialisation only when it is not the default, and reads it back', () => {
    const config = defaultConfig();
    config.model.init = 'he-normal';
    const text = encodeLink({ config, runs: [{ label: 'torch', init: 'pytorch' }] });
    expect(text).toContain('&init=he-normal&');
    expect(text).toContain('&r0.init=pytorch');
    const back = decodeLink(text);
    expect(back.state.config.model.init).toBe('he-normal');
    expect(back.state.runs).toEqual([{ label: 'torch', init: 'pytorch' }]);
    expect(decodeLink(`${text}&r0.init=kaiming`).ignored).toEqual([
      'r0.init: appears 2 times; using the first ("pytorch")',
    ]);
  });

  it('repairs cross-field conflicts one field at a time', () => {
    const { state, ignored } = decodeLink(base.replace('T=3', 'T=8').replace('D=16', 'D=4'));
    expect(ignored).toContain('D: 4 features are fewer than the 8 tasks; using 16');
    expect(state.config.data.tasks).toBe(8);
    expect(state.config.data.taskSpecs).toHaveLength(8);
    expect(validateConfig(state.config).ok).toBe(true);
    const low = decodeLink(base.replace('rho=0.6', 'rho=-0.9'));
    expect(low.ignored[0]).toMatch(/^rho: -0.9 is below -1\/\(T-1\) = -0.5000/);
    const asym = decodeLink(`${base}&corr=0.5,0.2,0.3,0.5,1,0.1,0.3,0.1,1`);
    expect(asym.ignored[0]).toMatch(/^corr: entry\[0\]\[0\]: must be 1/);
    expect(asym.state.config.data.correlation).toBeNull();
    const impossible = decodeLink(`${base}&corr=-0.9,-0.9,-0.9`);
    expect(impossible.ignored).toEqual([
      'corr: the matrix is not positive semidefinite (smallest eigenvalue -0.800), so no tasks can have these similarities; using rho instead',
    ]);
    const fine = decodeLink(`${base}&corr=0.5,-0.2,0.1`);
    expect(fine.ignored).toEqual([]);
    expect(fine.state.config.data.correlation).toEqual([
      [1, 0.5, -0.2],
      [0.5, 1, 0.1],
      [-0.2, 0.1, 1],
    ]);
  });

  it('falls back item by item in per-task lists', () => {
    const { state, ignored } = decodeLink(base.replace('deg=1,2,1', 'deg=3,x,9'));
    expect(state.config.data.taskSpecs.map((s) => s.degree)).toEqual([3, 2, 1]);
    expect(ignored).toEqual([
      'deg: task_1: "x" is not a number; using 2',
      'deg: task_2: 9 is outside [1, 6]; using 1',
    ]);
  });

  it('names duplicated keys, unknown methods, bad runs and bad hide flags', () => {
    expect(messages('T=5')).toContain('T: appears 2 times; using the first ("3")');
    const known = decodeLink(base.replace('m=ew', 'm=magic'), { knownMethods: ['ew', 'pcgrad'] });
    expect(known.ignored).toEqual(['m: "magic" is not a method this version knows; using ew']);
    const runs = decodeLink(`${base}&r0.arch=mmoe&r1=B&r1.arch=nope&r99=x&rho_hide=maybe`).ignored;
    expect(runs).toContain('r99: a link holds at most 16 runs (r0 to r15); ignored');
    expect(runs).toContain('r0.arch: run 0 has no usable label (r0=...); ignored');
    expect(runs.some((m) => m.startsWith('r1.arch: "nope" is not one of'))).toBe(true);
    expect(runs).toContain('rho_hide: "maybe" should be 1 (hide) or 0 (show); ignored');
  });

  it('reads an empty text as the default experiment without complaints', () => {
    expect(decodeLink('')).toEqual({ notes: [], state: { config: defaultConfig() }, ignored: [] });
    expect(decodeLink('#').ignored).toEqual([]);
  });
});
