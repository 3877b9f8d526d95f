/**
 * The worker's side of importing a person's table: parse the file (chunked, with progress),
 * keep the parsed table while the person maps its columns, then build the Dataset. Nothing here
 * touches the loaded dataset; LabSession swaps it in only after a build succeeded, so a bad file
 * leaves the previous data and run as they were.
 */
import {
  buildDataset,
  guessTaskKind,
  inferMapping,
  parseCsvChunked,
  type CsvMapping,
  type CsvTable,
  type ParseProgress,
} from '../core/data/csv';
import type { Dataset } from '../core/data/types';
import type { CsvColumnInfo, CsvPreview } from './protocol/data';

/** Rows of the file shown in the mapping step. */
const SAMPLE_ROWS = 5;

function describeColumn(table: CsvTable, index: number): CsvColumnInfo {
  const cells: string[] = [];
  let empty = 0;
  for (const row of table.rows) {
    const cell = row[index].trim();
    if (cell === '') empty++;
    else cells.push(cell);
  }
  return {
    name: table.header[index],
    numeric: cells.length > 0 && cells.every((cell) => Number.isFinite(Number(cell))),
    kindGuess: guessTaskKind(cells),
    empty,
  };
}

export function previewTable(table: CsvTable, fileName: string, seed = 0): CsvPreview {
  return {
    fileName,
    rows: table.rows.length,
    columns: table.header.map((_, i) => describeColumn(table, i)),
    sample: table.rows.slice(0, SAMPLE_ROWS),
    guess: { ...inferMapping(table, { seed }), name: fileName },
  };
}

export class CsvImporter {
  private table: CsvTable | null = null;
  private fileName = '';

  /** Parse a file; the previous parsed table is replaced only when this one parses. */
  async parse(
    file: Blob,
    fileName: string,
    onProgress: (progress: ParseProgress) => void,
  ): Promise<CsvPreview> {
    const table = await parseCsvChunked(file, onProgress);
    this.table = table;
    this.fileName = fileName;
    return previewTable(table, fileName);
  }

  /** Build a dataset from the parsed table; throws a CsvError naming the row and column. */
  build(mapping: CsvMapping): Dataset {
    if (!this.table) throw new Error('no CSV file parsed yet: choose a file first');
    return buildDataset(this.table, { ...mapping, name: mapping.name ?? this.fileName });
  }

  /** Forget the parsed table (after a successful import, or when the person cancels). */
  clear(): void {
    this.table = null;
  }
}
