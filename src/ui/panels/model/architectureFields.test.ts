import { describe, expect, it } from 'vitest';
import { ARCHITECTURE_IDS, modelSchema } from '../../../core/config/schema';
import { architectures } from '../../../core/model/registry';
import { hiddenLabel, MAX_LAYERS, sizeFieldsFor } from './architectureFields';

const keysFor = (id: (typeof ARCHITECTURE_IDS)[number]) =>
  sizeFieldsFor(id, architectures[id].uses).map((f) => f.key);

describe('sizeFieldsFor', () => {
  it('shows exactly the fields each architecture reads', () => {
    expect(keysFor('shared-bottom')).toEqual(['hidden', 'tower', 'groupWidth']);
    const mmoeEx = ['exclusivity', 'exclusivityFraction', 'exclusivityGate', 'exclusivitySeed'];
    expect(keysFor('mmoe')).toEqual(['hidden', 'tower', 'experts', ...mmoeEx, 'groupWidth']);
    expect(keysFor('cgc')).toEqual(['hidden', 'tower', 'sharedExperts', 'taskExperts', ...mmoeEx]);
    expect(keysFor('ple')).toEqual([
      'hidden',
      'tower',
      'sharedExperts',
      'taskExperts',
      'levels',
      ...mmoeEx,
    ]);
    expect(keysFor('multitab-net')).toEqual(['tower', 'embedDim', 'heads', 'ffHidden', 'taskMask']);
  });

  it('has a control for every size field any architecture uses (headInit is always shown)', () => {
    expect(architectures['shared-bottom'].uses).toContain('featureGroups');
    for (const id of ARCHITECTURE_IDS) {
      const shown = new Set<string>(keysFor(id));
      // Feature groups have their own control (FeatureGroupsField.tsx).
      const own = ['headInit', 'featureGroups'];
      const missing = architectures[id].uses.filter((key) => !own.includes(key) && !shown.has(key));
      expect(missing, id).toEqual([]);
    }
  });

  it('takes bounds and choices from the schema', () => {
    const fields = sizeFieldsFor('ple', ['experts', 'levels', 'taskMask']);
    expect(fields).toContainEqual(expect.objectContaining({ key: 'experts', min: 1, max: 16 }));
    expect(fields).toContainEqual(expect.objectContaining({ key: 'levels', min: 1, max: 3 }));
    const mask = fields.find((f) => f.key === 'taskMask');
    expect(mask?.kind === 'choice' && mask.choices).toEqual(
      modelSchema.shape.taskMask.unwrap().options,
    );
  });

  it('allows as many layers as the schema does', () => {
    const layers = (n: number) => Array.from({ length: n }, () => 8);
    expect(modelSchema.shape.tower.safeParse(layers(MAX_LAYERS)).success).toBe(true);
    expect(modelSchema.shape.tower.safeParse(layers(MAX_LAYERS + 1)).success).toBe(false);
  });

  it('names the hidden layers after what they size', () => {
    expect(hiddenLabel('shared-bottom')).toBe('Shared hidden layers');
    expect(hiddenLabel('mmoe')).toBe('Expert hidden layers');
    expect(hiddenLabel('stl')).toBe('Column hidden layers');
    expect(sizeFieldsFor('cross-stitch', ['hidden'])[0].label).toBe('Column hidden layers');
  });
});
