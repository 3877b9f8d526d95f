import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../tf';
import { smallConfig } from '../train/testing';
import { getSweepField, parseSweepValues } from './fields';
import { sweepCells, type SweepDefinition } from './grid';
import { runSweep } from './runCell';
import { secondsLeft, summarize, sweepCsv } from './table';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = smallConfig({ tasks: 2, features: 6, samples: 300 }, { hidden: [8], tower: [4] });
const def: SweepDefinition = {
  base,
  axes: [{ field: 'rho', values: [0, 0.9] }],
  seeds: [1, 2],
  steps: 15,
  metric: { kind: 'deltaM' },
};

describe('sweep grid', () => {
  test('cells: values × seeds, each with its seed as data and weight seed', () => {
    const cells = sweepCells({
      ...def,
      axes: [...def.axes, { field: 'architecture', values: ['shared-bottom', 'mmoe'] }],
    });
    expect(cells.length).toBe(8);
    expect(cells[0].config.data.rho).toBe(0);
    expect(cells[1].config.data.seed).toBe(2);
    expect(cells[1].config.train.weightSeed).toBe(2);
    expect(cells[2].config.model.architecture).toBe('mmoe');
    expect(new Set(cells.map((c) => c.key)).size).toBe(8);
  });

  test('bad values and invalid runs are reported in words', () => {
    expect(() => parseSweepValues(getSweepField('rho'), '0.1, x')).toThrow(/"x" is not a number/);
    expect(() => parseSweepValues(getSweepField('architecture'), 'resnet')).toThrow(
      /not a valid architecture: use shared-bottom/,
    );
    expect(() => getSweepField('colour')).toThrow(/unknown sweep field/);
    expect(() => sweepCells({ ...def, axes: [{ field: 'rho', values: [1.5] }] })).toThrow(
      /rho=1.5 is invalid/,
    );
  });

  test('pair similarity sets one pair of P and keeps the rest', () => {
    const c = getSweepField('pair').apply(smallConfig({ tasks: 3, rho: 0.2 }), -0.4);
    expect(c.data.correlation).toEqual([
      [1, -0.4, 0.2],
      [-0.4, 1, 0.2],
      [0.2, 0.2, 1],
    ]);
  });
});

describe('sweep runs', () => {
  test('deterministic on the CPU, resumable cell by cell, summarised with mean ± sample std', async () => {
    const cells = sweepCells(def);
    const all = await runSweep({ cells, def });
    expect(all.length).toBe(4);
    // Resume after the first two cells: the rest gives the very same numbers.
    const rest = await runSweep({ cells, def, done: new Set(all.slice(0, 2).map((r) => r.key)) });
    expect(rest.map((r) => r.deltaM)).toEqual(all.slice(2).map((r) => r.deltaM));
    const rows = summarize(def, all);
    expect(rows.map((r) => r.n)).toEqual([2, 2]);
    const v = [all[0].deltaM, all[1].deltaM];
    expect(rows[0].mean).toBeCloseTo((v[0] + v[1]) / 2, 12);
    expect(rows[0].std).toBeCloseTo(Math.abs(v[0] - v[1]) / Math.SQRT2, 12);
    const csv = sweepCsv(def, [...all].reverse(), ['a', 'b']);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('rho,seed,steps,delta_m_percent,test_metric:a,test_metric:b');
    expect(lines[1].startsWith('0,1,15,')).toBe(true);
    expect(lines.length).toBe(5);
    expect(secondsLeft(all, 2)).toBeGreaterThanOrEqual(0);
    let stopped = 0;
    const partial = await runSweep({ cells, def, cancelled: () => stopped++ >= 1 });
    expect(partial.length).toBe(1);
  }, 60_000);
});
