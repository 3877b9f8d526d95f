import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildDataset,
  CsvError,
  datasetSidecar,
  datasetToCsv,
  inferMapping,
  parseCsvChunked,
  parseCsvText,
  type CsvMapping,
} from './csv';
import { guessTaskKind } from './csvInfer';
import { generateDataset } from './generator';
import { testConfig } from './testConfig';
import type { Split } from './types';

function generated() {
  return generateDataset(
    testConfig({ tasks: 4, features: 5, samples: 300, irrelevantFeatures: 1, seed: 9 }, [
      { degree: 1 },
      { degree: 4 },
      { degree: 2, kind: 'binary', positiveRate: 0.3 },
      { degree: 3, kind: 'multiclass', classes: 4, labelledFraction: 0.5 },
    ]),
  );
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(b.length).toBe(a.length);
  let worst = 0;
  // Printed with 6 decimals: at most 5e-7 off, plus float32 rounding of large labels.
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) - 1.2e-7 * Math.abs(a[i]));
  expect(worst).toBeLessThanOrEqual(5.1e-7);
}

function sameLabels(a: Split, b: Split, T: number): void {
  expectClose(a.y, b.y);
  if (a.mask) expect(b.mask).toEqual(a.mask);
  else expect(b.mask).toBeUndefined();
  expect(T).toBeGreaterThan(0);
}

describe('CSV export', () => {
  it('writes the MultiTab web layout with 6 decimals, train rows first, empty unlabelled cells', () => {
    const dataset = generated();
    const lines = datasetToCsv(dataset).trimEnd().split('\n');
    expect(lines[0]).toBe('x_0,x_1,x_2,x_3,x_4,x_5,task_0,task_1,task_2,task_3,split');
    expect(lines).toHaveLength(1 + 300);
    const first = lines[1].split(',');
    expect(first[0]).toMatch(/^-?\d+\.\d{6}$/);
    expect(first[10]).toBe('train');
    expect(lines[300].endsWith(',test')).toBe(true);
    expect(lines.filter((l) => l.endsWith(',train'))).toHaveLength(dataset.train.rows);
    expect(first[8]).toMatch(/^[01]$/);
    expect(lines.slice(1).some((l) => l.split(',')[9] === '')).toBe(true);
  });

  it('writes a sidecar with the generating config and seed', () => {
    const sidecar = datasetSidecar(generated());
    expect(sidecar.seed).toBe(9);
    expect(sidecar.config?.taskSpecs[3].classes).toBe(4);
    expect(sidecar.columns.tasks).toEqual(['task_0', 'task_1', 'task_2', 'task_3']);
    expect(sidecar.weights).toHaveLength(4);
    expect(JSON.parse(JSON.stringify(sidecar))).toEqual(sidecar);
  });
});

describe('CSV round trip', () => {
  it('reproduces features, labels, kinds, masks and split to printed precision', () => {
    const dataset = generated();
    const table = parseCsvText(datasetToCsv(dataset));
    const mapping = inferMapping(table);
    expect(mapping.splitColumn).toBe('split');
    expect(mapping.featureColumns).toHaveLength(6);
    expect(mapping.taskColumns.map((t) => t.kind)).toEqual([
      'regression',
      'regression',
      'binary',
      'multiclass',
    ]);
    // Raw units throughout (targets too), to compare the stored values one to one.
    const taskColumns = mapping.taskColumns.map((t) => ({ ...t, standardize: false }));
    const back = buildDataset(table, { ...mapping, taskColumns, standardize: false });
    expect(back.train.rows).toBe(dataset.train.rows);
    expect(back.test.rows).toBe(dataset.test.rows);
    expect(back.tasks.map((t) => t.outputs)).toEqual([1, 1, 1, 4]);
    expectClose(dataset.train.x, back.train.x);
    expectClose(dataset.test.x, back.test.x);
    sameLabels(dataset.train, back.train, 4);
    sameLabels(dataset.test, back.test, 4);
    // Exporting the re-imported dataset gives the same file.
    expect(datasetToCsv(back)).toBe(datasetToCsv(dataset));
  });

  it('standardises with train statistics and writes the original units back', () => {
    const text = 'a,b,task_0\n1,10,0.5\n2,10,1.5\n3,10,2.5\n4,10,3.5\n100,10,1\n';
    const table = parseCsvText(text);
    const mapping: CsvMapping = {
      ...inferMapping(table),
      splitColumn: undefined,
      testFraction: 0.2,
      seed: 4,
      standardize: true,
    };
    const dataset = buildDataset(table, mapping);
    expect(dataset.train.rows).toBe(4);
    const trainA = Array.from({ length: 4 }, (_, r) => dataset.train.x[r * 2]);
    expect(Math.abs(trainA.reduce((s, v) => s + v, 0))).toBeLessThan(1e-6);
    expect(dataset.featureStd[1]).toBe(1); // constant column: centred, not scaled
    // Features are stored standardised in float32, so the file's units come back to ~1e-6 relative.
    const reparsed = parseCsvText(datasetToCsv(dataset));
    const key = (cells: string[]) => Number(cells[2]);
    const original = [...table.rows].sort((a, b) => key(a) - key(b));
    const exported = [...reparsed.rows].sort((a, b) => key(a) - key(b));
    original.forEach((row, r) =>
      row.forEach((cell, c) =>
        expect(Math.abs(Number(exported[r][c]) - Number(cell))).toBeLessThan(
          2e-6 * Math.max(1, Math.abs(Number(cell))),
        ),
      ),
    );
    expect(exported.map((row) => row[3]).filter((s) => s === 'test')).toHaveLength(1);
  });

  it('makes a seeded split when there is no split column', () => {
    const text = ['f,task_0', ...Array.from({ length: 100 }, (_, i) => `${i},${i % 7}.5`)].join(
      '\n',
    );
    const table = parseCsvText(text);
    const mapping = inferMapping(table, { testFraction: 0.25, seed: 1 });
    const a = buildDataset(table, mapping);
    const b = buildDataset(table, mapping);
    const c = buildDataset(table, { ...mapping, seed: 2 });
    expect([a.train.rows, a.test.rows]).toEqual([75, 25]);
    expect(b.test.x).toEqual(a.test.x);
    expect(c.test.x).not.toEqual(a.test.x);
  });

  it('maps word labels to classes and keeps their names', () => {
    const table = parseCsvText('x_0,task_0,split\n1,yes,train\n2,no,train\n3,yes,test\n4,,train\n');
    const mapping = inferMapping(table);
    expect(mapping.taskColumns[0].kind).toBe('binary');
    const dataset = buildDataset(table, mapping);
    expect(dataset.tasks[0].classNames).toEqual(['no', 'yes']);
    expect(Array.from(dataset.train.y)).toEqual([1, 0, 0]);
    expect(Array.from(dataset.train.mask ?? [])).toEqual([1, 1, 0]);
  });
});

describe('CSV errors name the row and column', () => {
  const good = 'x_0,x_1,task_0,split\n0.1,0.2,1.5,train\n0.3,0.4,2.5,test\n';
  const build = (text: string, change: Partial<CsvMapping> = {}) => {
    const table = parseCsvText(text);
    return buildDataset(table, { ...inferMapping(table), ...change });
  };
  const cases: [string, () => unknown, RegExp][] = [
    ['empty file', () => parseCsvText(''), /the file is empty/],
    ['blank lines only', () => parseCsvText('\n\n'), /the file is empty/],
    [
      'header only',
      () => parseCsvText('x_0,task_0\n'),
      /row 1.*no data rows|header row but no data rows/,
    ],
    [
      'short row',
      () => parseCsvText('x_0,x_1,task_0\n1,2,3\n4,5\n'),
      /^row 3, column "task_0": the row has 2 cells but the header has 3/,
    ],
    [
      'long row',
      () => parseCsvText('x_0,task_0\n1,2\n3,4,5\n'),
      /^row 3, column 3: the row has 3 cells but the header has 2/,
    ],
    [
      'duplicate header',
      () => parseCsvText('x_0,x_0\n1,2\n'),
      /^row 1, column 2: the column name "x_0" is used twice/,
    ],
    ['unclosed quote', () => parseCsvText('x_0,task_0\n1,"2\n'), /^row 2: .*[Qq]uote/],
    [
      'non-numeric feature',
      () => build(good.replace('0.3,', 'abc,')),
      /^row 3, column "x_0": "abc" is not a number/,
    ],
    [
      'missing feature',
      () => build(good.replace('0.2', '')),
      /^row 2, column "x_1": missing value/,
    ],
    [
      'non-numeric regression label',
      () =>
        build(good.replace('2.5', '2.5.1'), {
          taskColumns: [{ name: 'task_0', kind: 'regression' }],
        }),
      /^row 3, column "task_0": "2\.5\.1" is not a number/,
    ],
    [
      'bad split value',
      () => build(good.replace('test', 'validation')),
      /^row 3, column "split": split value "validation" is not allowed; use "train" or "test"/,
    ],
    ['no task column', () => build(good, { taskColumns: [] }), /no task column chosen/],
    [
      'one class only',
      () =>
        build('x_0,task_0,split\n1,1,train\n2,1,test\n', {
          taskColumns: [{ name: 'task_0', kind: 'binary' }],
        }),
      /column "task_0": a binary task needs at least two classes, but every labelled row has "1"/,
    ],
    [
      'binary with three classes',
      () =>
        build('x_0,task_0,split\n1,0,train\n2,1,train\n3,2,test\n', {
          taskColumns: [{ name: 'task_0', kind: 'binary' }],
        }),
      /column "task_0": a binary task needs exactly two classes, but it has 3/,
    ],
    [
      'unknown column',
      () => build(good, { featureColumns: ['x_9'] }),
      /column "x_9" \(chosen as a feature\) is not in the file/,
    ],
    [
      'no test rows',
      () => build(good.replace('test', 'train')),
      /column "split": no row is marked "test"/,
    ],
  ];
  it.each(cases)('%s', (_, run, message) => {
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsvError);
    expect((caught as CsvError).message).toMatch(message);
  });
});

describe('guessing task kinds', () => {
  it('follows the documented rules', () => {
    expect(guessTaskKind(['0', '1', '1', '0'])).toBe('binary');
    expect(guessTaskKind(['1', '2', '1'])).toBe('multiclass');
    expect(guessTaskKind(['0', '1', '2', '3'])).toBe('multiclass');
    expect(guessTaskKind(['0.5', '1', '2'])).toBe('regression');
    expect(guessTaskKind(Array.from({ length: 11 }, (_, i) => String(i)))).toBe('regression');
    expect(guessTaskKind(['3', '3'])).toBe('regression');
    expect(guessTaskKind(['cat', 'dog', 'cat'])).toBe('binary');
    // A typo in a numeric column stays regression, so the import reports the bad cell.
    expect(guessTaskKind(['1.5', '2.5.1', '0.25'])).toBe('regression');
  });
});

describe('chunked parsing of a Blob', () => {
  afterEach(() => vi.unstubAllGlobals());
  const text = datasetToCsv(generated());

  it('parses in chunks with increasing progress, equal to the one-shot parse (Node text path)', async () => {
    const progress: number[] = [];
    const table = await parseCsvChunked(new Blob([text]), (p) => progress.push(p.fraction), 4096);
    expect(table).toEqual(parseCsvText(text));
    expect(progress.length).toBeGreaterThan(5);
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
  });

  it("streams the Blob through papaparse's FileReader path as in a page or worker", async () => {
    // Node has no FileReader; a minimal one stands in for the browser's.
    class MinimalFileReader {
      onload: ((event: { target: { result: string } }) => void) | null = null;
      onerror: (() => void) | null = null;
      readAsText(blob: Blob): void {
        blob.text().then(
          (result) => this.onload?.({ target: { result } }),
          () => this.onerror?.(),
        );
      }
    }
    vi.stubGlobal('FileReader', MinimalFileReader);
    const progress: number[] = [];
    const table = await parseCsvChunked(new Blob([text]), (p) => progress.push(p.fraction), 3000);
    expect(table).toEqual(parseCsvText(text));
    expect(progress.length).toBeGreaterThan(5);
  });

  it('rejects with the row of a ragged line in a later chunk', async () => {
    const broken = `${text}1,2\n`;
    await expect(parseCsvChunked(new Blob([broken]), () => {}, 4096)).rejects.toThrow(
      /^row 302, column "x_2"/,
    );
  });
});
