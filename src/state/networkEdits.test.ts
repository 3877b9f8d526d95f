import { describe, expect, test } from 'vitest';
import { ARCHITECTURE_IDS } from '../core/config/schema';
import { defaultConfig } from '../core/config/defaults';
import { architectures } from '../core/model/registry';
import { proposeConfig } from './configPatch';
import { describeInputToggle, inputTogglePatch, layerOf, structurePatch } from './networkEdits';

const dims = { features: 4, tasks: 3, outputs: [1, 1, 1] };

describe.each(ARCHITECTURE_IDS)('diagram edits on %s', (id) => {
  const base = defaultConfig();
  const config = {
    ...base,
    model: { ...base.model, architecture: id, hidden: [6, 5], tower: [4] },
  };
  const drawing = architectures[id].drawing(config.model, dims);

  test('+1 unit on a drawn layer widens exactly the groups drawn from that layer', () => {
    const mapped = drawing.groups.flatMap((g) => {
      const layer = layerOf(g, config.model);
      return layer ? [{ g, layer }] : [];
    });
    expect(mapped.some((m) => m.layer.field === 'tower')).toBe(true);
    if (architectures[id].uses.includes('hidden')) {
      expect(mapped.some((m) => m.layer.field === 'hidden')).toBe(true);
    }
    for (const { g, layer } of mapped) {
      const patch = structurePatch(config.model, { kind: 'width', layer, delta: 1 });
      const { candidate, validation } = proposeConfig(config, patch);
      expect(validation.ok, JSON.stringify(validation)).toBe(true);
      const after = architectures[id].drawing(candidate.model, dims);
      const grown = after.groups.find((a) => a.id === g.id);
      expect(grown?.units, g.id).toBe(g.units + 1);
      // Groups drawn from another layer keep their width.
      for (const other of mapped) {
        if (other.layer.field === layer.field && other.layer.index === layer.index) continue;
        expect(after.groups.find((a) => a.id === other.g.id)?.units).toBe(other.g.units);
      }
    }
  });
});

test('layers and experts: +/− change the config, and limits are the schema’s', () => {
  const base = defaultConfig();
  const model = {
    ...base.model,
    architecture: 'mmoe' as const,
    hidden: [8],
    tower: [],
    experts: 4,
  };
  const config = { ...base, model };
  const add = proposeConfig(
    config,
    structurePatch(model, { kind: 'layers', field: 'hidden', delta: 1 }),
  );
  expect(add.candidate.model.hidden).toEqual([8, 8]);
  const tower = proposeConfig(
    config,
    structurePatch(model, { kind: 'layers', field: 'tower', delta: 1 }),
  );
  expect(tower.candidate.model.tower).toEqual([8]);
  const none = proposeConfig(
    config,
    structurePatch(model, { kind: 'layers', field: 'hidden', delta: -1 }),
  );
  expect(none.validation.ok).toBe(false);
  const experts = proposeConfig(
    config,
    structurePatch(model, { kind: 'count', field: 'experts', delta: 1 }),
  );
  expect(experts.candidate.model.experts).toBe(5);
  const zero = structurePatch(
    { ...model, experts: 1 },
    { kind: 'count', field: 'experts', delta: -1 },
  );
  expect(proposeConfig(config, zero).validation.ok).toBe(false);
});

test('clicking an input switches it off, a second click back on: a valid config each time', () => {
  const config = defaultConfig();
  const off = proposeConfig(config, inputTogglePatch(config.model, 5));
  expect(off.validation.ok).toBe(true);
  expect(off.candidate.model.inputsOff).toEqual([5]);
  const two = proposeConfig(off.candidate, inputTogglePatch(off.candidate.model, 1));
  expect(two.candidate.model.inputsOff).toEqual([1, 5]);
  expect(describeInputToggle(two.candidate.model, 1)).toContain('input x2 is off');
  expect(describeInputToggle(two.candidate.model, 0)).toContain('input x1 is on');
  const back = proposeConfig(two.candidate, inputTogglePatch(two.candidate.model, 5));
  expect(back.candidate.model.inputsOff).toEqual([1]);
});
