/**
 * Feature groups at the boundaries: the schema's messages (empty group, a column in two groups,
 * two groups of one name), the link round trip, the generator's preset and the encoders' sizes.
 */
import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../config/defaults';
import { validateConfig } from '../config/validate';
import { decodeLink, encodeLink } from '../io/link';
import {
  featureGroupSpecs,
  informativeIrrelevantGroups,
  inputWidth,
  ungroupedColumns,
} from './featureGroups';
import { formatFeatureGroups, parseFeatureGroups } from './featureGroupsText';

function errorsFor(featureGroups: unknown): string[] {
  const config = defaultConfig();
  const result = validateConfig({ ...config, model: { ...config.model, featureGroups } });
  return result.ok ? [] : result.errors;
}

describe('feature groups in the config', () => {
  test('valid groups pass', () => {
    expect(
      errorsFor([
        { name: 'a', columns: [0, 1] },
        { name: 'b', columns: [2] },
      ]),
    ).toEqual([]);
  });

  test('an empty group, a shared column and a repeated name each get a message', () => {
    expect(errorsFor([{ name: 'a', columns: [] }]).join()).toMatch(
      /featureGroups\[0\]\.columns: a feature group needs at least one column/,
    );
    expect(
      errorsFor([
        { name: 'a', columns: [0, 3] },
        { name: 'b', columns: [3] },
      ]).join(),
    ).toMatch(/column x4 is in feature groups "a" and "b"; a column belongs to one group at most/);
    expect(errorsFor([{ name: 'a', columns: [1, 1] }]).join()).toMatch(/lists column x2 twice/);
    expect(
      errorsFor([
        { name: 'a', columns: [0] },
        { name: 'a', columns: [1] },
      ]).join(),
    ).toMatch(/two feature groups are named "a"/);
    expect(errorsFor([{ name: ' ', columns: [0] }]).join()).toMatch(/needs a name/);
  });

  test('the link carries groups, names with separators included', () => {
    const config = defaultConfig();
    config.model.featureGroups = [
      { name: 'in:form*ative', columns: [0, 2, 5] },
      { name: 'noise', columns: [16] },
    ];
    config.model.groupWidth = 5;
    const text = encodeLink({ config });
    expect(text).toContain('&fg=in%253Aform%252Aative:0,2,5*noise:16&gw=5');
    const back = decodeLink(text);
    expect(back.ignored).toEqual([]);
    expect(back.state.config.model.featureGroups).toEqual(config.model.featureGroups);
    expect(back.state.config.model.groupWidth).toBe(5);
    const bad = decodeLink(`${text.replace('*noise:16', '*noise:0')}`);
    expect(bad.state.config.model.featureGroups).toEqual([]);
    expect(bad.ignored.join()).toMatch(/column x1 is in feature groups/);
  });
});

test('the generator preset: informative columns, then the appended noise columns', () => {
  expect(informativeIrrelevantGroups({ features: 3, irrelevantFeatures: 2 })).toEqual([
    { name: 'informative', columns: [0, 1, 2] },
    { name: 'irrelevant', columns: [3, 4] },
  ]);
  expect(informativeIrrelevantGroups({ features: 2, irrelevantFeatures: 0 })).toHaveLength(1);
});

test('encoder sizes: M·width plus the ungrouped columns', () => {
  const model = {
    ...defaultConfig().model,
    featureGroups: [
      { name: 'a', columns: [0, 1, 2] },
      { name: 'b', columns: [5] },
    ],
    groupWidth: 4,
  };
  const dims = { features: 7, tasks: 2, outputs: [1, 1] };
  expect(ungroupedColumns(model.featureGroups, 7)).toEqual([3, 4, 6]);
  expect(inputWidth(model, dims)).toBe(2 * 4 + 3);
  expect(inputWidth({ ...model, featureGroups: [] }, dims)).toBe(7);
  expect(featureGroupSpecs(model).map((s) => [s.name, s.shape])).toEqual([
    ['groups/0/kernel', [3, 4]],
    ['groups/0/bias', [4]],
    ['groups/1/kernel', [1, 4]],
    ['groups/1/bias', [4]],
  ]);
});

test('the Model panel text: 1-based columns and ranges, both ways', () => {
  const parsed = parseFeatureGroups('informative: 1-3, 5; noise: x6 x7');
  expect(parsed).toEqual({
    ok: true,
    groups: [
      { name: 'informative', columns: [0, 1, 2, 4] },
      { name: 'noise', columns: [5, 6] },
    ],
  });
  if (parsed.ok) expect(formatFeatureGroups(parsed.groups)).toBe('informative: 1-3, 5; noise: 6-7');
  expect(parseFeatureGroups('')).toEqual({ ok: true, groups: [] });
  expect(parseFeatureGroups('a 1 2')).toMatchObject({ ok: false, error: /name: columns/ });
  expect(parseFeatureGroups('a: 0')).toMatchObject({ ok: false, error: /"0" is not a column/ });
  expect(parseFeatureGroups('a: 4-2')).toMatchObject({ ok: false });
});
