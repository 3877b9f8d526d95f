/**
 * `sweep`: run a grid of one or two config fields × seeds on the CPU backend, each cell a short
 * run scored against its own single-task baseline, and write the sweep table as CSV (the same
 * function the Sweep panel's "Table (CSV)" uses, so the numbers are identical for the same grid).
 *
 * Flags: --config exp.json (partial LabConfig over the defaults), --field rho --values 0,0.5,0.9,
 * optional --field2 architecture --values2 shared-bottom,mmoe, --seeds 1,2,3 (default 1,2,3),
 * --steps 300, --metric deltaM|task:N (default deltaM; task numbers from 1), --out table.csv
 * (stdout otherwise). Fields: rho, pair, noise, degree, labelled, samples, lr, architecture, method.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { tf } from '../../core/tf';
import { getSweepField, parseSweepValues } from '../../core/sweep/fields';
import { sweepCells, type SweepDefinition, type SweepMetric } from '../../core/sweep/grid';
import { runSweep } from '../../core/sweep/runCell';
import { secondsLeft, sweepCsv } from '../../core/sweep/table';
import { numberFlag, numberListFlag, parseFlags, type Command } from '../command';
import { loadConfig, readJson } from './train';

const OPTIONS = {
  config: { type: 'string' },
  field: { type: 'string' },
  values: { type: 'string' },
  field2: { type: 'string' },
  values2: { type: 'string' },
  seeds: { type: 'string' },
  steps: { type: 'string' },
  metric: { type: 'string' },
  out: { type: 'string' },
} as const;

function parseMetric(text: string | undefined): SweepMetric {
  if (text === undefined || text === 'deltaM') return { kind: 'deltaM' };
  const m = /^task:(\d+)$/.exec(text);
  if (!m || Number(m[1]) < 1)
    throw new Error(`--metric must be deltaM or task:N (N from 1), got "${text}"`);
  return { kind: 'task', task: Number(m[1]) - 1 };
}

export function sweepDefinition(flags: Record<string, string | undefined>): SweepDefinition {
  if (!flags.field || !flags.values)
    throw new Error('--field and --values are required (e.g. --field rho --values 0,0.5,0.9)');
  const axes = [
    { field: flags.field, values: parseSweepValues(getSweepField(flags.field), flags.values) },
  ];
  if (flags.field2 || flags.values2) {
    if (!flags.field2 || !flags.values2) throw new Error('--field2 and --values2 go together');
    axes.push({
      field: flags.field2,
      values: parseSweepValues(getSweepField(flags.field2), flags.values2),
    });
  }
  const steps = numberFlag('steps', flags.steps, 300);
  return {
    base: loadConfig(flags.config === undefined ? {} : readJson(flags.config)),
    axes,
    seeds: numberListFlag('seeds', flags.seeds) ?? [1, 2, 3],
    steps,
    metric: parseMetric(flags.metric),
  };
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run a grid of one or two config fields × seeds on the CPU; write the sweep table (CSV)',
  async run(argv) {
    const flags = parseFlags(argv, OPTIONS);
    const def = sweepDefinition(flags);
    const cells = sweepCells(def);
    await tf.setBackend('cpu');
    const done: Parameters<typeof secondsLeft>[0][number][] = [];
    const results = await runSweep({
      cells,
      def,
      onCell: (r) => {
        done.push(r);
        const left = secondsLeft(done, cells.length - done.length) ?? 0;
        process.stderr.write(
          `cell ${done.length}/${cells.length} Δm ${r.deltaM.toFixed(2)}% (about ${left.toFixed(0)} s left)\n`,
        );
      },
    });
    const csv = sweepCsv(def, results);
    if (flags.out) {
      writeFileSync(flags.out, csv);
      process.stderr.write(`wrote ${flags.out}\n`);
    } else process.stdout.write(csv);
  },
};
