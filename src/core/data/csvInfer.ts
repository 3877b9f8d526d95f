/**
 * A first guess at the column mapping of an imported table, which the import dialog shows for
 * the person to correct. Files in the MultiTab web layout (x_*, task_*, split) are recognised
 * exactly; other tables get every numeric, non-task column as a feature.
 */
import type { TaskKind } from '../config/schema';
import type { CsvMapping } from './csvBuild';
import type { CsvTable } from './csvTable';

/** Guessing a kind looks at this many distinct values at most. */
const MAX_GUESSED_CLASSES = 10;

function columnCells(table: CsvTable, index: number): string[] {
  return table.rows.map((row) => row[index].trim()).filter((cell) => cell !== '');
}

/**
 * regression, unless the column has 2..10 distinct values that are all integers (or that are
 * words): {0, 1} (or two words) is binary, anything else multiclass. A column with any
 * fractional number stays regression even if some cells are words, so that the import then
 * reports the bad cell instead of silently making classes of it. A constant column is guessed
 * as regression, since a one-class task cannot be trained.
 */
export function guessTaskKind(cells: string[]): TaskKind {
  const distinct = new Set<string>();
  let allNumbers = true;
  for (const cell of cells) {
    const value = Number(cell);
    if (!Number.isFinite(value)) allNumbers = false;
    else if (!Number.isInteger(value)) return 'regression';
    // Canonical number strings, so "1" and "1.000000" count as one class.
    distinct.add(Number.isFinite(value) ? String(value) : cell);
    if (distinct.size > MAX_GUESSED_CLASSES) return 'regression';
  }
  if (distinct.size < 2) return 'regression';
  if (allNumbers) {
    const isZeroOne = distinct.size === 2 && distinct.has('0') && distinct.has('1');
    return isZeroOne ? 'binary' : 'multiclass';
  }
  return distinct.size === 2 ? 'binary' : 'multiclass';
}

function isNumericColumn(cells: string[]): boolean {
  return cells.length > 0 && cells.every((cell) => Number.isFinite(Number(cell)));
}

export function inferMapping(
  table: CsvTable,
  defaults: { testFraction?: number; seed?: number } = {},
): CsvMapping {
  const { header } = table;
  const splitColumn = header.find((name) => name.toLowerCase() === 'split');
  const taskNames = header.filter((name) => /^task_/i.test(name));
  const xNames = header.filter((name) => /^x_/i.test(name));
  const featureColumns = xNames.length
    ? xNames
    : header.filter(
        (name, i) =>
          name !== splitColumn &&
          !taskNames.includes(name) &&
          isNumericColumn(columnCells(table, i)),
      );
  const mapping: CsvMapping = {
    featureColumns,
    taskColumns: taskNames.map((name) => ({
      name,
      kind: guessTaskKind(columnCells(table, header.indexOf(name))),
    })),
    testFraction: defaults.testFraction ?? 0.3,
    seed: defaults.seed ?? 0,
    standardize: true,
  };
  if (splitColumn !== undefined) mapping.splitColumn = splitColumn;
  return mapping;
}
