/**
 * The PyTorch export of the seed papers' methods (issue #19): IGBv1, the loss transforms stacked
 * under gradient methods, and UW's paper form. With the batch = the whole training split, five
 * Python steps from the lab's weights must follow the lab's own five steps.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ArchitectureId, LabConfig } from '../../config/schema';
import { tf } from '../../tf';
import { buildModelMeta } from '../modelFile';
import { exportPyTorch } from './index';
import {
  experimentConfig,
  experimentDataset,
  exportRun,
  hasPython,
  hasTorch,
  pythonOk,
  trainArgs,
  worstPredictionGap,
} from './testKit';

const TORCH = hasPython() && hasTorch();
if (!TORCH) console.log('PyTorch export (seed methods): PyTorch is not installed; skipped');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('an MMoEEx model embeds its closed gate cells; others embed None', () => {
  const config = experimentConfig('mmoe');
  const plain = exportPyTorch(buildModelMeta(config, experimentDataset(config)));
  expect(plain).toContain('EMBEDDED_GATE_OPEN = None');
  const ex = { ...config, model: { ...config.model, exclusivity: 'exclusivity' as const } };
  const source = exportPyTorch(buildModelMeta(ex, experimentDataset(ex)));
  expect(source).toMatch(/EMBEDDED_GATE_OPEN = \[\[[01,[\]]+\]\]/);
});

test('the file carries IGBv1, the transforms and their defaults', () => {
  const config = experimentConfig('shared-bottom', 'pcgrad');
  const source = exportPyTorch(buildModelMeta(config, experimentDataset(config)));
  expect(source).toContain("METHODS['igbv1'] = IGBv1");
  expect(source).toContain(
    "LOSS_TRANSFORMS = {'log': LogLossesTransform, 'igbv1': IGBv1Transform}",
  );
  expect(source).toContain("LOSS_TRANSFORMS['igbv2'] = IGBv2Transform");
  expect(source).toContain(
    `EMBEDDED_TRANSFORM_DEFAULTS = json.loads('{"base_epoch":1,"base_epochs":1,"sac_start_epoch":5,` +
      `"sac_update_after":3,"sac_update_every":50,"sac_lr":0.0003,"sac_hidden":128,"sac_buffer":10000}')`,
  );
});

test('the file carries the training procedures, their defaults and a --procedure flag', () => {
  const config = experimentConfig('mmoe', 'mgda');
  const source = exportPyTorch(buildModelMeta(config, experimentDataset(config)));
  expect(source).toContain('class SamProcedure:');
  expect(source).toContain('class FomamlProcedure:');
  expect(source).toContain(`"sam_rho":2,"sam_adaptive":true,"sam_norm":"separate"`);
  expect(source).toContain("t.add_argument('--procedure'");
  // Parses as Python where python3 is installed (no PyTorch needed).
  if (hasPython()) {
    const dir = mkdtempSync(join(tmpdir(), 'mtl-procedures-'));
    const file = join(dir, 'check.py');
    writeFileSync(file, source);
    const parsed = spawnSync('python3', [
      '-c',
      'import ast,sys; ast.parse(open(sys.argv[1]).read())',
      file,
    ]);
    expect(parsed.stderr.toString()).toBe('');
    expect(parsed.status).toBe(0);
  }
});

describe.skipIf(!TORCH)('training procedures: five full-batch steps match the lab', () => {
  // Full batch: SAM does not depend on the row order. FOMAML splits the batch by rows, and the
  // lab's epoch permutation differs from the file's, so only a run of it is checked.
  test.each([
    ['shared-bottom', 'mgda', { sam_rho: 0.5, sam_adaptive: false, sam_norm: 'joint' }],
    ['mmoe', 'ew', {}],
    ['cgc', 'cagrad', { sam_rho: 0.05, sam_adaptive: false }],
  ] as const)('SAM %s %s %j', async (arch, method, options) => {
    const base = experimentConfig(arch, method, { ...options }, 1000);
    const config: LabConfig = { ...base, train: { ...base.train, procedure: 'sam' } };
    const run = await exportRun(config, experimentDataset(config), 0, 5);
    const trained = join(run.dir, 'trained.safetensors');
    expect(pythonOk(trainArgs(run, trained))).toContain(`with sam around ${method} `);
    const worst = worstPredictionGap(run, trained);
    console.log(`SAM ${arch} ${method}: max |python - lab| ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-5);
  });

  test('FOMAML with LBTW trains in the file and lowers the training loss', async () => {
    const base = experimentConfig('mmoe', 'ew', { maml_lbtw: true }, 64);
    const config: LabConfig = { ...base, train: { ...base.train, procedure: 'fomaml' } };
    const run = await exportRun(config, experimentDataset(config), 0, 0);
    const trained = join(run.dir, 'trained.safetensors');
    // Minibatch losses swing with the batch (2 to 370 here), so the run is compared step by step
    // with the same batches at a learning rate of 1e-9: the last 20 steps' losses must be clearly lower.
    const lastLosses = (extra: string[]) => {
      const log = pythonOk(trainArgs(run, trained, 40, ['--log-every', '1', ...extra]));
      expect(log).toContain('with fomaml around ew ');
      const losses = [...log.matchAll(/loss \[([^\]]+)\]/g)].map((m) =>
        m[1].split(',').reduce((a, v) => a + Number(v), 0),
      );
      expect(losses).toHaveLength(40);
      return losses.slice(-20).reduce((a, v) => a + v, 0);
    };
    const trainedSum = lastLosses([]);
    const frozenSum = lastLosses(['--lr', '1e-9']);
    console.log(
      `FOMAML last 20 steps: ${trainedSum.toFixed(1)} trained, ${frozenSum.toFixed(1)} at lr 1e-9`,
    );
    expect(trainedSum).toBeLessThan(0.9 * frozenSum);
  });
});

describe.skipIf(!TORCH)('IGBv2 in the exported file', () => {
  // IGBv2 draws its random weights, network initialisation and policy noise from the file's own
  // generators, so a run cannot follow the lab's step by step (like RLW): the file must run the
  // schedule (warm-up, agent updates, agent weights) and train, against the same run at lr 1e-9.
  test('a short schedule trains shared-bottom with EW and lowers the training loss', async () => {
    const options = {
      base_epoch: 0,
      sac_start_epoch: 1,
      sac_update_after: 1,
      sac_update_every: 5,
      sac_hidden: 32,
    };
    const base = experimentConfig('shared-bottom', 'ew', options, 64);
    const config: LabConfig = { ...base, train: { ...base.train, lossTransform: 'igbv2' } };
    const run = await exportRun(config, experimentDataset(config), 0, 0);
    const trained = join(run.dir, 'trained.safetensors');
    const lastLosses = (extra: string[]) => {
      const log = pythonOk(trainArgs(run, trained, 40, ['--log-every', '1', ...extra]));
      expect(log).toContain('with igbv2 + ew ');
      const losses = [...log.matchAll(/loss \[([^\]]+)\]/g)].map((m) =>
        m[1].split(',').reduce((a, v) => a + Number(v), 0),
      );
      expect(losses).toHaveLength(40);
      losses.forEach((l) => expect(Number.isFinite(l)).toBe(true));
      return losses.slice(-20).reduce((a, v) => a + v, 0);
    };
    const trainedSum = lastLosses([]);
    const frozenSum = lastLosses(['--lr', '1e-9']);
    console.log(
      `IGBv2 last 20 steps: ${trainedSum.toFixed(1)} trained, ${frozenSum.toFixed(1)} at lr 1e-9`,
    );
    expect(trainedSum).toBeLessThan(0.9 * frozenSum);
  });

  test('the file’s agent keeps its actions on the simplex and updates on schedule', () => {
    const config = experimentConfig('shared-bottom', 'ew');
    const dir = mkdtempSync(join(tmpdir(), 'mtl-igbv2-'));
    const file = join(dir, 'model.py');
    writeFileSync(file, exportPyTorch(buildModelMeta(config, experimentDataset(config))));
    const script = [
      'import importlib.util, sys, numpy as np',
      `spec = importlib.util.spec_from_file_location('m', ${JSON.stringify(file)})`,
      'm = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
      'o = dict(m.EMBEDDED_TRANSFORM_DEFAULTS, base_epoch=0, sac_start_epoch=2, sac_update_after=1, sac_update_every=4, sac_hidden=16)',
      't = m.IGBv2Transform(3, o, np.random.default_rng(1))',
      'for step in range(30):',
      '    w = t.weights(step, 5, np.array([1.0, 2.0, 0.5]) * np.exp(-0.01 * step) + 0.01 * np.sin(step))',
      '    assert np.all(w > 0) and abs(w.sum() - 3) < 1e-9, w',
      // Transitions from step 5 (the base is epoch 0); updates at 8, 12, ..., 28: 6 x floor(4/2).
      'print(t.size, t.agent.updates)',
    ].join('\n');
    expect(pythonOk(['-c', script]).trim()).toBe('25 12');
  });
});

describe.skipIf(!TORCH)('five full-batch steps match the lab', () => {
  test.each([
    ['mmoe-ex', 'ew', {}, 'none'],
    ['ple-ex-pinned', 'mgda', {}, 'none'],
    ['shared-bottom', 'igbv1', {}, 'none'],
    ['mmoe', 'mgda', {}, 'igbv1'],
    ['cgc', 'cagrad', {}, 'log'],
    ['shared-bottom', 'ew', {}, 'igbv1'],
    ['ple', 'uw', { form: 'paper' }, 'none'],
  ] as const)('%s %s %j, transform %s', async (architecture, method, options, transform) => {
    // 'mmoe-ex' / 'ple-ex-pinned': MMoEEx exclusivity on that architecture (mask / pinned gates).
    const arch = architecture.split('-ex')[0] as ArchitectureId;
    const base = experimentConfig(arch, method, { ...options }, 1000);
    const exclusivity: Partial<LabConfig['model']> = architecture.includes('-ex')
      ? {
          experts: 4,
          sharedExperts: 3,
          exclusivity: architecture.startsWith('ple') ? 'exclusion' : 'exclusivity',
          exclusivityGate: architecture.endsWith('pinned') ? 'pinned' : 'mask',
          exclusivitySeed: 3,
        }
      : {};
    const config: LabConfig = {
      ...base,
      model: { ...base.model, ...exclusivity },
      train: { ...base.train, lossTransform: transform },
    };
    const run = await exportRun(config, experimentDataset(config), 0, 5);
    const trained = join(run.dir, 'trained.safetensors');
    const log = pythonOk(trainArgs(run, trained));
    expect(log).toContain(
      transform === 'none' ? `with ${method} ` : `with ${transform} + ${method}`,
    );
    const worst = worstPredictionGap(run, trained);
    console.log(
      `${architecture} ${method} + ${transform}: max |python - lab| ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-5);
  });
});
