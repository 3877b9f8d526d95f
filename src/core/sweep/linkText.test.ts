import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../config/defaults';
import { decodeLink, encodeLink } from '../io';
import { decodeSweepSpec, encodeSweepSpec, type SweepSpec } from './linkText';

const spec: SweepSpec = {
  axes: [
    { field: 'rho', values: [-0.5, 0, 0.9] },
    { field: 'architecture', values: ['shared-bottom', 'mmoe'] },
  ],
  seeds: [1, 2, 3],
  steps: 300,
  metric: { kind: 'task', task: 1 },
};

describe('sweep in a share link', () => {
  test('the definition round-trips through the link text', () => {
    expect(decodeSweepSpec(encodeSweepSpec(spec))).toEqual(spec);
    const text = encodeLink({ config: defaultConfig(), sweep: encodeSweepSpec(spec) });
    const { state, ignored } = decodeLink(text);
    expect(ignored).toEqual([]);
    expect(decodeSweepSpec(state.sweep ?? '')).toEqual(spec);
  });

  test('a broken sweep is ignored with a message, the rest of the link stays', () => {
    const { state, ignored } = decodeLink('v=1&rho=0.3&sweep=colour:red');
    expect(state.sweep).toBeUndefined();
    expect(state.config.data.rho).toBe(0.3);
    expect(ignored.join()).toMatch(/sweep: unknown sweep field "colour"/);
  });
});
