import { describe, expect, it } from 'vitest';
import { heatmapCellLabel, heatmapLayout, shortLabels, textColorFor } from './heatmapGeometry';

describe('heatmap geometry', () => {
  it('shortens labels that share a prefix and cuts long ones', () => {
    expect(shortLabels(['task_0', 'task_1', 'task_12'])).toEqual(['0', '1', '12']);
    expect(shortLabels(['price', 'clicked_on_banner'])).toEqual(['price', 'clicked…']);
    expect(shortLabels(['task_0'])).toEqual(['task_0']);
  });

  it('shrinks cells for many tasks and hides the numbers when they no longer fit', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `task_${i}`);
    const small = heatmapLayout(names(3), names(3), 44);
    const large = heatmapLayout(names(16), names(16), 44);
    expect(small.cell).toBe(44);
    expect(small.showValues).toBe(true);
    expect(large.cell).toBe(15);
    expect(large.showValues).toBe(false);
    expect(large.width).toBe(large.left + 16 * 15 + 2);
  });

  it('names cells for screen readers and keeps text readable on dark cells', () => {
    expect(heatmapCellLabel('task_0', 'task_1', '-0.80')).toBe('task_0 and task_1: -0.80');
    expect(heatmapCellLabel('a', 'b', '1', (r, c, v) => `${r}/${c}=${v}`)).toBe('a/b=1');
    expect(textColorFor(-0.9, -1, 1, false)).toBe('#ffffff');
    expect(textColorFor(0.1, -1, 1, false)).toBe('#1b2430');
    expect(textColorFor(Number.NaN, -1, 1, false)).toBe('#1b2430');
  });
});
