/**
 * `inspect`: read a CSV (MultiTab web layout or any table with task_* columns) and print JSON
 * statistics. "rows" counts every data row in the file; the label statistics are computed on
 * the train split (the split column if present, else a seeded split), as a model would see it.
 */
import { readFileSync } from 'node:fs';
import { buildDataset, inferMapping, parseCsvText } from '../../core/data/csv';
import { labelCorrelation, summarizeTask } from '../../core/data/stats';
import { numberFlag, parseFlags, type Command } from '../command';

const OPTIONS = {
  in: { type: 'string' },
  'test-fraction': { type: 'string' },
  seed: { type: 'string' },
} as const;

/** JSON has no NaN; an undefined correlation (constant task) prints as null. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export interface InspectReport {
  rows: number;
  trainRows: number;
  testRows: number;
  features: number;
  tasks: string[];
  labelCorrelation: (number | null)[][];
  perTask: {
    name: string;
    kind: string;
    labelled: number;
    mean: number;
    std: number;
    classBalance?: number[];
  }[];
}

export function inspectCsv(
  text: string,
  options: { testFraction?: number; seed?: number } = {},
): InspectReport {
  const table = parseCsvText(text);
  const mapping = inferMapping(table, options);
  mapping.standardize = false;
  const dataset = buildDataset(table, mapping);
  const T = dataset.tasks.length;
  return {
    rows: table.rows.length,
    trainRows: dataset.train.rows,
    testRows: dataset.test.rows,
    features: dataset.features,
    tasks: dataset.tasks.map((t) => t.name),
    labelCorrelation: labelCorrelation(dataset.train, T).map((row) => row.map(finiteOrNull)),
    perTask: dataset.tasks.map((_, t) => {
      const s = summarizeTask(dataset.train, dataset.tasks, t);
      const entry: InspectReport['perTask'][number] = {
        name: s.name,
        kind: s.kind,
        labelled: s.labelled,
        mean: s.mean,
        std: s.std,
      };
      if (s.classBalance) entry.classBalance = s.classBalance;
      return entry;
    }),
  };
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'print JSON statistics of a CSV dataset (--in file.csv)',
  async run(argv) {
    const flags = parseFlags(argv, OPTIONS);
    if (flags.in === undefined) throw new Error('--in is required (the CSV file to inspect)');
    let text: string;
    try {
      text = readFileSync(flags.in, 'utf8');
    } catch {
      throw new Error(`--in: cannot read "${flags.in}"`);
    }
    const report = inspectCsv(text, {
      testFraction: numberFlag('test-fraction', flags['test-fraction'], 0.3),
      seed: numberFlag('seed', flags.seed, 0),
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  },
};
