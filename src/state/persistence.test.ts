import { describe, expect, test } from 'vitest';
import { defaultConfig } from '../core/config/defaults';
import { appendToHistory, emptyHistory } from './lossHistory';
import {
  canonicalJson,
  historyUpTo,
  parseSavedExperiment,
  restorePlan,
  runMatches,
  SAVE_VERSION,
  type SavedExperiment,
} from './persistence';

const point = (step: number) => ({ step, trainLoss: [1], testLoss: [1] });

function saved(): SavedExperiment {
  const history = [0, 10, 20].reduce((h, s) => appendToHistory(h, point(s)), emptyHistory());
  return {
    version: SAVE_VERSION,
    savedAt: 5,
    link: 'v=1&t=2',
    table: null,
    run: {
      config: defaultConfig(),
      dataSource: 'generator',
      checkpoint: {
        step: 20,
        weights: [{ name: 'w', shape: [2], values: new Float32Array([1, 2]) }],
      },
      history,
    },
  };
}

describe('persistence', () => {
  test('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: 2 } })).toBe(
      canonicalJson({ a: { c: 2, d: [1, { x: 2, y: 1 }] }, b: 1 }),
    );
  });
  test('a saved record survives a structured clone and parses back', () => {
    const record = saved();
    expect(parseSavedExperiment(structuredClone(record))).toEqual(record);
  });
  test('malformed or foreign records are null; a malformed run is dropped, the link kept', () => {
    for (const bad of [null, 3, 'x', {}, { version: 99, link: '' }, { version: 1 }]) {
      expect(parseSavedExperiment(bad)).toBeNull();
    }
    const record = saved() as unknown as { run: { checkpoint: { weights: unknown[] } } };
    record.run.checkpoint.weights = [{ name: 'w', shape: [2], values: [1, 2] }];
    expect(parseSavedExperiment(record)).toMatchObject({ link: 'v=1&t=2', run: null });
  });
  test('the link in the address bar wins; the saved run needs the same config', () => {
    expect(restorePlan(saved(), true)).toEqual({ applyLink: false, restoreRun: true });
    expect(restorePlan(saved(), false)).toEqual({ applyLink: true, restoreRun: true });
    expect(restorePlan(null, false)).toEqual({ applyLink: false, restoreRun: false });
    const run = saved().run!;
    expect(runMatches(run, structuredClone(defaultConfig()), 'generator')).toBe(true);
    expect(runMatches(run, structuredClone(defaultConfig()), 'csv')).toBe(false);
    const other = defaultConfig();
    other.train.learningRate *= 2;
    expect(runMatches(run, other, 'generator')).toBe(false);
  });
  test('an imported table is saved with its run; a run without its table is dropped', () => {
    const table = {
      file: new Blob(['x,y\n1,2\n'], { type: 'text/csv' }),
      fileName: 'mine.csv',
      mapping: {
        featureColumns: ['x'],
        taskColumns: [{ name: 'y', kind: 'regression' as const }],
        testFraction: 0.25,
        seed: 1,
        standardize: true,
      },
    };
    const withTable: SavedExperiment = {
      ...saved(),
      table,
      run: { ...saved().run!, dataSource: 'csv' },
    };
    const parsed = parseSavedExperiment(withTable);
    expect(parsed?.table).toEqual(table);
    expect(parsed?.run?.dataSource).toBe('csv');
    // The table is gone or malformed: nothing for the csv run to train on.
    expect(parseSavedExperiment({ ...withTable, table: null })?.run).toBeNull();
    const broken = { ...withTable, table: { ...table, mapping: { featureColumns: 'x' } } };
    expect(parseSavedExperiment(broken)).toMatchObject({ table: null, run: null });
    // Records from before tables were kept: no table, the run trained on generated data.
    const old = { ...saved(), table: undefined, run: { ...saved().run!, dataSource: undefined } };
    expect(parseSavedExperiment(old)).toMatchObject({
      table: null,
      run: { dataSource: 'generator' },
    });
  });
  test('history is cut at the checkpoint step', () => {
    expect(historyUpTo(saved().run!.history, 10).points.map((p) => p.step)).toEqual([0, 10]);
  });
  test('a point at an earlier step (rollback) drops the later points', () => {
    const h = [0, 10, 20, 30].reduce((acc, s) => appendToHistory(acc, point(s)), emptyHistory());
    expect(appendToHistory(h, point(15)).points.map((p) => p.step)).toEqual([0, 10, 15]);
    expect(appendToHistory(h, point(30)).points.map((p) => p.step)).toEqual([0, 10, 20, 30]);
  });
});
