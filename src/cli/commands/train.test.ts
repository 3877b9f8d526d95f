import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { loadConfig, trainCommand, type TrainReport } from './train';

const dir = mkdtempSync(join(tmpdir(), 'mtl-train-'));

test('loadConfig merges over the defaults, resizes task specs and rejects bad fields', () => {
  const config = loadConfig({ data: { tasks: 4, features: 6 }, train: { method: 'pcgrad' } });
  expect(config.data.taskSpecs).toHaveLength(4);
  expect(config.train.method).toBe('pcgrad');
  expect(config.model.architecture).toBe('shared-bottom');
  expect(() => loadConfig({ train: { batchSize: 0 } })).toThrow(/train\.batchSize/);
});

test('train writes per-task test metrics, STL baselines and Δm', async () => {
  const configPath = join(dir, 'config.json');
  const out = join(dir, 'metrics.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      data: { tasks: 2, features: 6, samples: 400, rho: 0.8 },
      model: { hidden: [8], tower: [4] },
      train: { learningRate: 0.01, batchSize: 32, method: 'mgda' },
    }),
  );
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await trainCommand.run(['--config', configPath, '--steps', '40', '--out', out]);
  err.mockRestore();
  const report = JSON.parse(readFileSync(out, 'utf8')) as TrainReport;
  expect(report.steps).toBe(40);
  expect(report.config.train.method).toBe('mgda');
  expect(report.tasks).toHaveLength(2);
  report.tasks.forEach((t) => {
    expect(typeof t.test.loss).toBe('number');
    expect(typeof t.test.r2).toBe('number');
    expect(typeof t.stl?.loss).toBe('number');
  });
  const mean = report.tasks.reduce((a, t) => a + (t.gain ?? NaN), 0) / 2;
  expect(report.deltaM).toBeCloseTo(mean, 10);
  expect(report.deltaMConvention).toMatch(/higher is better/);
});

test('train rejects a bad --steps value with a message naming the flag', async () => {
  await expect(trainCommand.run(['--steps', '-3'])).rejects.toThrow(/--steps/);
});

test('train runs a loss transform under a gradient method on MMoEEx gates', async () => {
  const configPath = join(dir, 'seed-config.json');
  const out = join(dir, 'seed-metrics.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      data: { tasks: 2, features: 6, samples: 400, rho: 0.8 },
      model: {
        architecture: 'mmoe',
        hidden: [8],
        tower: [4],
        experts: 4,
        exclusivity: 'exclusion',
      },
      train: { method: 'pcgrad', lossTransform: 'igbv1', methodOptions: { base_epoch: 0 } },
    }),
  );
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await trainCommand.run(['--config', configPath, '--steps', '40', '--no-baseline', '--out', out]);
  err.mockRestore();
  const report = JSON.parse(readFileSync(out, 'utf8')) as TrainReport;
  expect(report.config.train.lossTransform).toBe('igbv1');
  expect(report.config.model.exclusivity).toBe('exclusion');
  expect(report.diverged).toBe(false);
  report.tasks.forEach((t) => expect(Number.isFinite(t.test.loss)).toBe(true));
  writeFileSync(configPath, JSON.stringify({ train: { method: 'uw', lossTransform: 'igbv1' } }));
  await expect(trainCommand.run(['--config', configPath, '--steps', '1'])).rejects.toThrow(
    /"uw" already weights the losses itself/,
  );
});

test('train runs IGBv2 from the config with its agent options', async () => {
  const configPath = join(dir, 'igbv2-config.json');
  const out = join(dir, 'igbv2-metrics.json');
  const methodOptions = {
    base_epoch: 0,
    sac_start_epoch: 1,
    sac_update_after: 1,
    sac_update_every: 5,
    sac_hidden: 16,
  };
  writeFileSync(
    configPath,
    JSON.stringify({
      data: { tasks: 2, features: 6, samples: 400, rho: 0.8 },
      model: { architecture: 'shared-bottom', hidden: [8], tower: [4] },
      train: { method: 'ew', lossTransform: 'igbv2', methodOptions },
    }),
  );
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await trainCommand.run(['--config', configPath, '--steps', '30', '--no-baseline', '--out', out]);
  err.mockRestore();
  const report = JSON.parse(readFileSync(out, 'utf8')) as TrainReport;
  expect(report.config.train.lossTransform).toBe('igbv2');
  expect(report.config.train.methodOptions).toEqual(methodOptions);
  expect(report.diverged).toBe(false);
  report.tasks.forEach((t) => expect(Number.isFinite(t.test.loss)).toBe(true));
});

test('train runs a training procedure from the config (SAM, FOMAML) and refuses a bad pairing', async () => {
  const configPath = join(dir, 'procedure.json');
  const out = join(dir, 'procedure-metrics.json');
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  for (const train of [
    { method: 'pcgrad', procedure: 'sam', methodOptions: { sam_rho: 0.05, sam_adaptive: false } },
    { method: 'ew', procedure: 'fomaml', methodOptions: { maml_lbtw: true } },
  ]) {
    writeFileSync(
      configPath,
      JSON.stringify({
        data: { tasks: 2, features: 6, samples: 400, rho: 0.8 },
        model: { architecture: 'mmoe', hidden: [8], tower: [4], experts: 3 },
        train: { learningRate: 0.01, batchSize: 32, ...train },
      }),
    );
    await trainCommand.run([
      '--config',
      configPath,
      '--steps',
      '20',
      '--no-baseline',
      '--out',
      out,
    ]);
    const report = JSON.parse(readFileSync(out, 'utf8')) as TrainReport;
    expect(report.config.train.procedure).toBe(train.procedure);
    expect(report.diverged).toBe(false);
  }
  err.mockRestore();
  writeFileSync(configPath, JSON.stringify({ train: { method: 'uw', procedure: 'sam' } }));
  await expect(trainCommand.run(['--config', configPath, '--steps', '1'])).rejects.toThrow(
    /"uw" weights the losses itself/,
  );
});
