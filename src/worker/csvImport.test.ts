import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvImporter } from './csvImport';

const fixture = (name: string) =>
  readFileSync(new URL(`../../e2e/fixtures/${name}`, import.meta.url), 'utf8');

describe('CsvImporter', () => {
  it('parses with progress, guesses the mapping, and builds the dataset', async () => {
    const importer = new CsvImporter();
    const progress: number[] = [];
    const preview = await importer.parse(
      new Blob([fixture('two-tasks.csv')]),
      'two-tasks.csv',
      (p) => progress.push(p.fraction),
    );
    expect(progress[progress.length - 1]).toBe(1);
    expect(preview.rows).toBe(300);
    expect(preview.guess.taskColumns).toEqual([
      { name: 'task_0', kind: 'regression' },
      { name: 'task_1', kind: 'binary' },
    ]);
    expect(preview.sample).toHaveLength(5);
    const dataset = importer.build(preview.guess);
    expect(dataset.source).toMatchObject({ kind: 'csv', name: 'two-tasks.csv' });
    expect(dataset.train.rows + dataset.test.rows).toBe(300);
    expect(dataset.tasks.map((t) => t.kind)).toEqual(['regression', 'binary']);
  });

  it('names the row and column of a bad cell', async () => {
    const importer = new CsvImporter();
    const preview = await importer.parse(
      new Blob([fixture('broken-cell.csv')]),
      'broken-cell.csv',
      () => {},
    );
    expect(() => importer.build(preview.guess)).toThrow(
      /^row 7, column "x_2": "n\/a" is not a number/,
    );
  });

  it('rejects ragged and empty files at parse time, keeping the earlier table', async () => {
    const importer = new CsvImporter();
    const good = await importer.parse(new Blob([fixture('two-tasks.csv')]), 'a.csv', () => {});
    await expect(
      importer.parse(new Blob(['a,b,c\n1,2,3\n4,5\n']), 'ragged.csv', () => {}),
    ).rejects.toThrow(/row 3, column "c"/);
    await expect(importer.parse(new Blob(['']), 'empty.csv', () => {})).rejects.toThrow(
      /the file is empty/,
    );
    // The earlier, good table is still the one that builds.
    expect(importer.build(good.guess).train.rows).toBeGreaterThan(0);
  });

  it('reports a one-class task and a missing task column', async () => {
    const importer = new CsvImporter();
    const preview = await importer.parse(
      new Blob(['x_0,task_0\n1,1\n2,1\n3,1\n']),
      'one.csv',
      () => {},
    );
    expect(() =>
      importer.build({ ...preview.guess, taskColumns: [{ name: 'task_0', kind: 'binary' }] }),
    ).toThrow(/column "task_0": a binary task needs at least two classes/);
    expect(() => importer.build({ ...preview.guess, taskColumns: [] })).toThrow(
      /no task column chosen/,
    );
  });
});
