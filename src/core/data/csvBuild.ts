/**
 * Turning a parsed table into a Dataset, given which columns are features and tasks. Every cell
 * is checked here, and a bad one stops the import with a message naming its row and column; the
 * caller keeps whatever dataset was loaded before.
 *
 * Decisions (documented for the UI):
 * - An empty feature cell is an error (no imputation: silently inventing values would change
 *   the person's data).
 * - An empty task cell means "unlabelled" for that task and row (Split.mask = 0); this is how
 *   partially labelled multi-task tables usually come. A task needs at least one label in train.
 * - Classification labels may be numbers or words; the sorted distinct values become class
 *   indices 0..C-1 (numerically sorted when all are numbers) and are kept in TaskInfo.classNames.
 * - Split values are `train` / `test` (any case, spaces ignored). Without a split column the
 *   rows are split at random from the seed, keeping file order within each split.
 * - Standardisation uses the train rows' mean and standard deviation only, so no test statistics
 *   leak into training; a constant column is centred but not scaled. Regression targets are
 *   standardised the same way, per task (on unless the task's column says `standardize: false`),
 *   and the task keeps the mean and std (TaskInfo.labelScale) to report in the label's units.
 */
import type { TaskKind } from '../config/schema';
import { CsvError, type CsvTable } from './csvTable';
import { createRng, permutation } from './random';
import { trainStandardization } from './standardize';
import type { Dataset, Split, TaskInfo } from './types';

export interface TaskColumn {
  name: string;
  kind: TaskKind;
  /** Regression: train on the standardised target (default true); ignored for classification. */
  standardize?: boolean;
}

export interface CsvMapping {
  featureColumns: string[];
  taskColumns: TaskColumn[];
  /** Column holding train/test; when absent the split is drawn from `seed`. */
  splitColumn?: string;
  /** Share of rows in the test split when there is no split column. */
  testFraction: number;
  seed: number;
  standardize: boolean;
  /** Shown in the UI and stored in Dataset.source; defaults to "table". */
  name?: string;
}

/** The most classes an imported classification task may have. */
export const MAX_IMPORTED_CLASSES = 50;

function columnIndex(table: CsvTable, name: string, role: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) {
    throw new CsvError(
      `column "${name}" (chosen as ${role}) is not in the file; the columns are ${table.header.join(', ')}.`,
      1,
      name,
    );
  }
  return index;
}

function checkMapping(table: CsvTable, mapping: CsvMapping): void {
  if (mapping.taskColumns.length === 0)
    throw new CsvError('no task column chosen: pick at least one column to predict.');
  if (mapping.featureColumns.length === 0)
    throw new CsvError('no feature column chosen: pick at least one input column.');
  const used = new Map<string, string>();
  const claim = (name: string, role: string) => {
    const other = used.get(name);
    if (other)
      throw new CsvError(
        `column "${name}" is chosen both as ${other} and as ${role}; use it once.`,
        1,
        name,
      );
    used.set(name, role);
    columnIndex(table, name, role);
  };
  mapping.featureColumns.forEach((name) => claim(name, 'a feature'));
  mapping.taskColumns.forEach((task) => claim(task.name, 'a task'));
  if (mapping.splitColumn !== undefined) claim(mapping.splitColumn, 'the split column');
  if (
    mapping.splitColumn === undefined &&
    !(mapping.testFraction > 0 && mapping.testFraction < 1)
  ) {
    throw new CsvError(`the test fraction must be between 0 and 1 (got ${mapping.testFraction}).`);
  }
}

function cellError(table: CsvTable, row: number, column: string, problem: string): CsvError {
  const rowNumber = table.rowNumbers[row];
  return new CsvError(`row ${rowNumber}, column "${column}": ${problem}`, rowNumber, column);
}

function parseNumber(table: CsvTable, row: number, column: string, cell: string): number {
  const value = Number(cell);
  if (!Number.isFinite(value)) {
    throw cellError(
      table,
      row,
      column,
      `"${cell}" is not a number; this column must hold numbers.`,
    );
  }
  return value;
}

function featureMatrix(table: CsvTable, columns: string[]): Float64Array {
  const indices = columns.map((name) => columnIndex(table, name, 'a feature'));
  const out = new Float64Array(table.rows.length * columns.length);
  table.rows.forEach((cells, r) => {
    indices.forEach((ci, c) => {
      const cell = cells[ci].trim();
      if (cell === '')
        throw cellError(table, r, columns[c], 'missing value; fill it in or remove the row.');
      out[r * columns.length + c] = parseNumber(table, r, columns[c], cell);
    });
  });
  return out;
}

interface ParsedTask {
  info: TaskInfo;
  /** Label per row; NaN = unlabelled. */
  values: Float64Array;
}

/** Numbers compare by value, so "1" and "1.0" are the same class. */
function classKey(cell: string): string {
  const value = Number(cell);
  return cell !== '' && Number.isFinite(value) ? String(value) : cell;
}

function classNamesOf(cells: string[]): string[] {
  const distinct = [...new Set(cells.filter((c) => c !== '').map(classKey))];
  const numeric = distinct.every((c) => Number.isFinite(Number(c)));
  return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
}

function parseTask(table: CsvTable, column: TaskColumn): ParsedTask {
  const ci = columnIndex(table, column.name, 'a task');
  const cells = table.rows.map((row) => row[ci].trim());
  const values = new Float64Array(cells.length);
  if (column.kind === 'regression') {
    cells.forEach((cell, r) => {
      values[r] = cell === '' ? Number.NaN : parseNumber(table, r, column.name, cell);
    });
    return { info: { name: column.name, kind: 'regression', outputs: 1 }, values };
  }
  const classNames = classNamesOf(cells);
  const C = classNames.length;
  if (C < 2) {
    const only = C === 1 ? `every labelled row has "${classNames[0]}"` : 'it has no labels';
    throw new CsvError(
      `column "${column.name}": a ${column.kind} task needs at least two classes, but ${only}; choose regression or another column.`,
      undefined,
      column.name,
    );
  }
  if (column.kind === 'binary' && C > 2) {
    throw new CsvError(
      `column "${column.name}": a binary task needs exactly two classes, but it has ${C} (${classNames.slice(0, 5).join(', ')}${C > 5 ? ', ...' : ''}); choose multiclass.`,
      undefined,
      column.name,
    );
  }
  if (C > MAX_IMPORTED_CLASSES) {
    throw new CsvError(
      `column "${column.name}": ${C} distinct values is too many classes (at most ${MAX_IMPORTED_CLASSES}); choose regression.`,
      undefined,
      column.name,
    );
  }
  const index = new Map(classNames.map((name, k) => [name, k]));
  cells.forEach((cell, r) => {
    values[r] = cell === '' ? Number.NaN : (index.get(classKey(cell)) ?? Number.NaN);
  });
  const outputs = column.kind === 'binary' ? 1 : C;
  return { info: { name: column.name, kind: column.kind, outputs, classNames }, values };
}

/** true = test row. */
function splitAssignment(table: CsvTable, mapping: CsvMapping): Uint8Array {
  const n = table.rows.length;
  const isTest = new Uint8Array(n);
  if (mapping.splitColumn !== undefined) {
    const name = mapping.splitColumn;
    const ci = columnIndex(table, name, 'the split column');
    table.rows.forEach((row, r) => {
      const value = row[ci].trim().toLowerCase();
      if (value !== 'train' && value !== 'test') {
        throw cellError(
          table,
          r,
          name,
          `split value "${row[ci]}" is not allowed; use "train" or "test".`,
        );
      }
      isTest[r] = value === 'test' ? 1 : 0;
    });
    const tests = isTest.reduce((s, v) => s + v, 0);
    if (tests === 0)
      throw new CsvError(
        `column "${name}": no row is marked "test"; mark some rows as test or choose no split column.`,
        undefined,
        name,
      );
    if (tests === n)
      throw new CsvError(
        `column "${name}": no row is marked "train"; mark some rows as train or choose no split column.`,
        undefined,
        name,
      );
    return isTest;
  }
  if (n < 2)
    throw new CsvError('the file needs at least two data rows to make a train and a test split.');
  const tests = Math.min(n - 1, Math.max(1, Math.round(n * mapping.testFraction)));
  const order = permutation(n, createRng(mapping.seed, 'csv/split'));
  for (let i = 0; i < tests; i++) isTest[order[i]] = 1;
  return isTest;
}

function buildSplit(
  x: Float64Array,
  tasks: ParsedTask[],
  D: number,
  rows: number[],
  transform: { mean: number[]; std: number[] },
): Split {
  const T = tasks.length;
  const split: Split = {
    rows: rows.length,
    x: new Float32Array(rows.length * D),
    y: new Float32Array(rows.length * T),
  };
  const mask = new Uint8Array(rows.length * T).fill(1);
  let anyMissing = false;
  rows.forEach((r, i) => {
    for (let c = 0; c < D; c++)
      split.x[i * D + c] = (x[r * D + c] - transform.mean[c]) / transform.std[c];
    tasks.forEach((task, t) => {
      const value = task.values[r];
      if (Number.isNaN(value)) {
        mask[i * T + t] = 0;
        anyMissing = true;
      } else {
        split.y[i * T + t] = value;
      }
    });
  });
  if (anyMissing) split.mask = mask;
  return split;
}

/** Standardise a regression task's values in place with its train rows' labels' mean and std. */
function standardizeTarget(task: ParsedTask, trainRows: number[]): void {
  const labelled = trainRows.map((r) => task.values[r]).filter((v) => !Number.isNaN(v));
  const mean = labelled.reduce((a, b) => a + b, 0) / labelled.length;
  const variance = labelled.reduce((a, v) => a + (v - mean) ** 2, 0) / labelled.length;
  const std = variance > 0 ? Math.sqrt(variance) : 1;
  for (let r = 0; r < task.values.length; r++) task.values[r] = (task.values[r] - mean) / std;
  task.info = { ...task.info, labelScale: { mean, std } };
}

/** Build a Dataset from a parsed table and a column mapping, or throw a CsvError. */
export function buildDataset(table: CsvTable, mapping: CsvMapping): Dataset {
  checkMapping(table, mapping);
  const D = mapping.featureColumns.length;
  const x = featureMatrix(table, mapping.featureColumns);
  const tasks = mapping.taskColumns.map((column) => parseTask(table, column));
  const isTest = splitAssignment(table, mapping);
  const trainRows: number[] = [];
  const testRows: number[] = [];
  isTest.forEach((test, r) => (test ? testRows : trainRows).push(r));
  tasks.forEach((task) => {
    if (trainRows.every((r) => Number.isNaN(task.values[r]))) {
      throw new CsvError(
        `column "${task.info.name}": no train row has a label for this task; label some train rows or drop the task.`,
        undefined,
        task.info.name,
      );
    }
  });
  mapping.taskColumns.forEach((column, t) => {
    if (column.kind === 'regression' && column.standardize !== false)
      standardizeTarget(tasks[t], trainRows);
  });
  const transform = mapping.standardize
    ? trainStandardization(x, D, isTest)
    : { mean: new Array<number>(D).fill(0), std: new Array<number>(D).fill(1) };
  return {
    features: D,
    tasks: tasks.map((task) => task.info),
    train: buildSplit(x, tasks, D, trainRows, transform),
    test: buildSplit(x, tasks, D, testRows, transform),
    source: {
      kind: 'csv',
      name: mapping.name ?? 'table',
      featureNames: mapping.featureColumns.slice(),
    },
    featureMean: transform.mean,
    featureStd: transform.std,
  };
}
