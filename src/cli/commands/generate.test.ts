import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { generateCommand } from './generate';
import { inspectCommand, inspectCsv } from './inspect';

const dir = mkdtempSync(join(tmpdir(), 'mtl-generate-'));

async function quietly(run: () => Promise<void>): Promise<void> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
}

describe('cli generate', () => {
  it('writes the CSV header and rows plus a .meta.json sidecar, broadcasting single values', async () => {
    const out = join(dir, 'a.csv');
    await quietly(() =>
      generateCommand.run([
        '--tasks',
        '3',
        '--features',
        '5',
        '--rho',
        '0.2',
        '--degrees',
        '1,3,2',
        '--noise',
        '0.05',
        '--samples',
        '200',
        '--test-fraction',
        '0.3',
        '--seed',
        '4',
        '--out',
        out,
      ]),
    );
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('x_0,x_1,x_2,x_3,x_4,task_0,task_1,task_2,split');
    expect(lines).toHaveLength(201);
    expect(lines.filter((l) => l.endsWith(',train'))).toHaveLength(140);
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
    expect(meta.seed).toBe(4);
    expect(meta.config.taskSpecs.map((s: { degree: number }) => s.degree)).toEqual([1, 3, 2]);
    expect(meta.config.taskSpecs.map((s: { noise: number }) => s.noise)).toEqual([
      0.05, 0.05, 0.05,
    ]);
  });

  it('reads a partial --config JSON (full P, kinds) and lets flags override it', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        tasks: 2,
        features: 4,
        correlation: [
          [1, -0.3],
          [-0.3, 1],
        ],
        taskSpecs: [
          { degree: 2, noise: 0 },
          { degree: 1, noise: 0 },
        ],
      }),
    );
    const out = join(dir, 'b.csv');
    await quietly(() =>
      generateCommand.run([
        '--config',
        config,
        '--kinds',
        'regression,binary',
        '--samples',
        '100',
        '--out',
        out,
      ]),
    );
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
    expect(meta.similarity).toEqual([
      [1, -0.3],
      [-0.3, 1],
    ]);
    expect(meta.config.taskSpecs.map((s: { kind: string }) => s.kind)).toEqual([
      'regression',
      'binary',
    ]);
    expect(meta.config.samples).toBe(100);
    const report = inspectCsv(readFileSync(out, 'utf8'));
    expect(report.rows).toBe(100);
    expect(report.perTask[1].kind).toBe('binary');
    expect(report.perTask[1].classBalance).toEqual([0.5, 0.5]);
  });

  it.each([
    [['--rho', '2'], /data\.rho .*must be at most 1/],
    [['--tasks', '3', '--features', '2'], /needs at least as many features as tasks/],
    [['--tasks', '3', '--degrees', '1,2'], /--degrees has 2 values but there are 3 tasks/],
    [
      ['--rho', '-0.9'],
      /data\.rho: with 3 tasks the similarity must be at least -1\/\(T-1\) = -0\.5000 \(got -0\.9\)/,
    ],
    [['--kinds', 'ordinal'], /--kinds: "ordinal" is not a task kind/],
    [['--samples', 'many'], /--samples must be a number/],
    [['--noise', '-1'], /noise .*must be at least 0/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('rejects %j', async (argv, message) => {
    await expect(generateCommand.run(argv)).rejects.toThrow(message);
  });

  it('inspect prints JSON statistics of the train split', async () => {
    const out = join(dir, 'a.csv');
    let printed = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    try {
      await inspectCommand.run(['--in', out]);
    } finally {
      spy.mockRestore();
    }
    const report = JSON.parse(printed);
    expect(report.rows).toBe(200);
    expect(report.trainRows).toBe(140);
    expect(report.tasks).toEqual(['task_0', 'task_1', 'task_2']);
    expect(report.labelCorrelation).toHaveLength(3);
    expect(report.perTask[1]).toMatchObject({ name: 'task_1', kind: 'regression' });
    await expect(inspectCommand.run([])).rejects.toThrow(/--in is required/);
  });

  it('exits non-zero with one line on stderr when run as a program', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'generate', '--rho', '5'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: data\.rho \(task similarity rho\): must be at most 1 \(got 5\)/,
    );
  });
});
