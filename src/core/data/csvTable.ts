/**
 * Reading a CSV file into a table of strings. Parsing (quotes, delimiters, line endings) is
 * papaparse's job; this file checks the shape (a header, no ragged rows) and remembers each data
 * row's row number in the file so that every later error can name it. Cell contents are checked
 * in csvBuild.ts, once the person has said which columns are features and which are tasks.
 *
 * Row numbers are 1-based and count the header as row 1, like a spreadsheet. A "row" is a CSV
 * record: a quoted cell that contains a line break does not start a new row.
 */
import Papa from 'papaparse';

/** A problem with an imported table; the message names the row and/or column to fix. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

export interface CsvTable {
  /** Column names from the first row, trimmed. */
  header: string[];
  /** Data rows, each exactly header.length raw (untrimmed) cells. */
  rows: string[][];
  /** rowNumbers[i] = the file row number of rows[i] (header = 1). */
  rowNumbers: number[];
}

/** A blank line parses as one empty cell; it is skipped rather than reported as ragged. */
function isBlank(record: string[]): boolean {
  return record.length === 1 && record[0].trim() === '';
}

function checkHeader(header: string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') {
      throw new CsvError(
        `row 1, column ${i + 1}: the header cell is empty; every column needs a name.`,
        1,
      );
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new CsvError(
        `row 1, column ${i + 1}: the column name "${name}" is used twice (also column ${earlier + 1}); rename one of them.`,
        1,
        name,
      );
    }
    seen.set(name, i);
  });
}

/**
 * Incrementally assembles a table from parsed records, so the one-shot and the chunked paths
 * share every check. `recordIndex` is the 0-based index of a record in the file (header = 0).
 */
class TableBuilder {
  private header: string[] | null = null;
  private readonly rows: string[][] = [];
  private readonly rowNumbers: number[] = [];
  private records = 0;

  add(records: string[][]): void {
    for (const record of records) {
      const rowNumber = ++this.records;
      if (isBlank(record)) continue;
      if (this.header === null) {
        const header = record.map((cell, i) =>
          (i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim(),
        );
        checkHeader(header);
        this.header = header;
        continue;
      }
      if (record.length !== this.header.length) throw this.raggedError(record, rowNumber);
      this.rows.push(record);
      this.rowNumbers.push(rowNumber);
    }
  }

  get rowCount(): number {
    return this.rows.length;
  }

  private raggedError(record: string[], rowNumber: number): CsvError {
    const header = this.header ?? [];
    if (record.length < header.length) {
      const missing = header[record.length];
      return new CsvError(
        `row ${rowNumber}, column "${missing}": the row has ${record.length} cells but the header has ${header.length}; column "${missing}" and any after it are missing.`,
        rowNumber,
        missing,
      );
    }
    return new CsvError(
      `row ${rowNumber}, column ${header.length + 1}: the row has ${record.length} cells but the header has ${header.length}; remove the extra cells or add a column name.`,
      rowNumber,
    );
  }

  finish(): CsvTable {
    if (this.header === null)
      throw new CsvError('the file is empty: expected a header row and at least one data row.');
    if (this.rows.length === 0)
      throw new CsvError('the file has a header row but no data rows.', 1);
    return { header: this.header, rows: this.rows, rowNumbers: this.rowNumbers };
  }
}

function papaError(error: Papa.ParseError, recordOffset: number): CsvError {
  const row =
    error.row === undefined || error.row === null ? undefined : error.row + recordOffset + 1;
  const where = row === undefined ? '' : `row ${row}: `;
  return new CsvError(`${where}${error.message}.`, row);
}

/** Errors papaparse reports but we tolerate: delimiter guessing on one-column files. */
function isFatal(error: Papa.ParseError): boolean {
  return error.code !== 'UndetectableDelimiter';
}

const PARSE_OPTIONS = { header: false, dynamicTyping: false, skipEmptyLines: false } as const;

/** Parse CSV text into a table of strings, or throw a CsvError naming the row. */
export function parseCsvText(text: string): CsvTable {
  if (text.trim() === '')
    throw new CsvError('the file is empty: expected a header row and at least one data row.');
  const result = Papa.parse<string[]>(text, PARSE_OPTIONS);
  const fatal = result.errors.find(isFatal);
  if (fatal) throw papaError(fatal, 0);
  const builder = new TableBuilder();
  builder.add(result.data);
  return builder.finish();
}

export interface ParseProgress {
  /** Share of the file read so far, 0..1. */
  fraction: number;
  /** Data rows accepted so far. */
  rows: number;
}

/** Characters per chunk; papaparse reads a Blob slice of this many bytes at a time. */
const CHUNK_SIZE = 1 << 20;

/**
 * Parse a large file chunk by chunk, reporting progress, without holding the whole text in
 * memory: made for the import worker. Uses papaparse's File streaming where the platform has
 * FileReader / FileReaderSync (pages and workers); in Node, which has neither, the Blob's text
 * is read at once and streamed through the same chunk handler.
 */
export function parseCsvChunked(
  file: Blob,
  onProgress: (progress: ParseProgress) => void = () => {},
  chunkSize = CHUNK_SIZE,
): Promise<CsvTable> {
  return new Promise<CsvTable>((resolve, reject) => {
    const builder = new TableBuilder();
    let records = 0;
    let failed = false;
    const total = Math.max(1, file.size);
    const config = {
      ...PARSE_OPTIONS,
      chunkSize,
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        if (failed) return;
        try {
          const fatal = results.errors.find(isFatal);
          if (fatal) throw papaError(fatal, records);
          builder.add(results.data);
          records += results.data.length;
          onProgress({
            fraction: Math.min(1, results.meta.cursor / total),
            rows: builder.rowCount,
          });
        } catch (error) {
          failed = true;
          parser.abort();
          reject(error instanceof Error ? error : new CsvError(String(error)));
        }
      },
      complete() {
        if (failed) return;
        try {
          const table = builder.finish();
          onProgress({ fraction: 1, rows: table.rows.length });
          resolve(table);
        } catch (error) {
          reject(error instanceof Error ? error : new CsvError(String(error)));
        }
      },
      error(error: Error) {
        failed = true;
        reject(new CsvError(`could not read the file: ${error.message}`));
      },
    };
    const canStreamFile =
      typeof FileReader !== 'undefined' || typeof FileReaderSync !== 'undefined';
    if (canStreamFile) {
      // papaparse's typings name File; its FileStreamer only needs Blob's size and slice().
      Papa.parse(file as File, config);
    } else {
      file.text().then((text) => Papa.parse(text, config), config.error);
    }
  });
}
