import { createRequire } from 'node:module';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ARCHITECTURE_IDS } from '../../config/schema';
import { importModelFile } from '../../io';
import { tf } from '../../tf';
import { buildModelMeta } from '../modelFile';
import { PYTORCH_METHODS, exportPyTorch } from './index';
import {
  experimentConfig,
  experimentDataset,
  exportRun,
  hasPython,
  hasTorch,
  python,
  pythonOk,
  trainArgs,
  worstPredictionGap,
  withoutTorch,
  type ExportedRun,
} from './testKit';

const PYTHON = hasPython();
const TORCH = PYTHON && hasTorch();
if (!PYTHON)
  console.log('PyTorch export: python3 with NumPy not found; the Python checks are skipped');
else if (!TORCH)
  console.log('PyTorch export: PyTorch is not installed; predict/train checks are skipped');

/**
 * The lab side runs on tfjs cpu by default; PYTORCH_TEST_BACKEND=wasm runs it on the wasm backend
 * (in Node), which is how the README's per-backend prediction differences are measured.
 */
const BACKEND = process.env.PYTORCH_TEST_BACKEND === 'wasm' ? 'wasm' : 'cpu';

beforeAll(async () => {
  if (BACKEND === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const pkg = createRequire(import.meta.url).resolve(
      '@tensorflow/tfjs-backend-wasm/package.json',
    );
    wasm.setWasmPaths(`${join(dirname(pkg), 'dist')}/`);
  }
  await tf.setBackend(BACKEND);
});

function embeddedJson(source: string, name: string): unknown {
  const match = new RegExp(`^${name} = json\\.loads\\(r'''([\\s\\S]*?)'''\\)`, 'm').exec(source);
  if (!match) throw new Error(`${name} not found`);
  return JSON.parse(match[1]);
}

describe('generated Python source (no Python needed)', () => {
  const config = experimentConfig('ple', 'cagrad', { c: 0.4 });
  const meta = buildModelMeta(config, experimentDataset(config));
  const source = exportPyTorch(meta);

  test('embeds the model description and the methods defaults exactly', () => {
    expect(embeddedJson(source, 'EMBEDDED_META')).toEqual(JSON.parse(JSON.stringify(meta)));
    const defaults = embeddedJson(source, 'EMBEDDED_METHOD_DEFAULTS') as Record<string, unknown>;
    expect(Object.keys(defaults).sort()).toEqual([...PYTORCH_METHODS].sort());
    expect(defaults.cagrad).toEqual({ c: 0.5, rescale: 1 });
  });

  test('a quote in a task name cannot close the embedded literal', () => {
    const odd = {
      ...meta,
      tasks: meta.tasks.map((t, i) => ({ ...t, name: i ? t.name : "it's '''odd\\" })),
    };
    const text = exportPyTorch(odd);
    expect(embeddedJson(text, 'EMBEDDED_META')).toEqual(JSON.parse(JSON.stringify(odd)));
  });

  test('covers every architecture and the required methods; PyTorch is imported only guarded', () => {
    for (const id of ARCHITECTURE_IDS) expect(source).toContain(`'${id}': forward_`);
    for (const id of ['ew', 'uw', 'dwa', 'mgda', 'pcgrad', 'cagrad'])
      expect(source).toMatch(new RegExp(`'${id}': \\w+`));
    const topLevelImports = source.split('\n').filter((l) => /^(import|from) /.test(l));
    expect(topLevelImports.some((l) => /torch/.test(l))).toBe(false);
    expect(source).not.toContain('scaled_dot_product_attention');
    expect(source).not.toContain('torch.func');
    expect(source).not.toMatch(/\t/);
  });
});

describe.skipIf(!PYTHON)('generated Python without PyTorch', () => {
  let run: ExportedRun;
  beforeAll(async () => {
    const config = experimentConfig('mmoe');
    run = await exportRun(config, experimentDataset(config), 2);
  }, 120_000);

  test('compiles, and --help, info and the safetensors self-test run with torch unavailable', () => {
    pythonOk(['-m', 'py_compile', run.script]);
    expect(pythonOk(withoutTorch(run.script, ['--help']))).toContain('predict');
    const info = pythonOk(withoutTorch(run.script, ['info', '--weights', run.weights]));
    expect(info).toContain('mmoe');
    // Only MMoE's own options: its experts, not PLE's levels or MultiTab-Net's attention sizes.
    const modelLine = info.split('\n').find((l) => l.startsWith('model config')) ?? '';
    expect(modelLine).toContain('"experts"');
    for (const other of ['levels', 'embedDim', 'heads', 'ffHidden', 'taskMask', 'sharedExperts'])
      expect(modelLine).not.toContain(`"${other}"`);
    const selftest = pythonOk(
      withoutTorch(run.script, ['selftest-safetensors', '--weights', run.weights]),
    );
    expect(selftest).toContain('byte-identical');
    const predict = python(
      withoutTorch(run.script, [
        'predict',
        '--weights',
        run.weights,
        '--data',
        run.csv,
        '--out',
        '-',
      ]),
    );
    expect(predict.status).not.toBe(0);
    expect(predict.stderr).toContain('pip install torch');
  });
});

function trainAndImport(
  run: ExportedRun,
  method: string,
  extra: string[] = [],
  env: Record<string, string> = {},
) {
  const out = join(run.dir, `trained-${method}.safetensors`);
  const log = pythonOk(trainArgs(run, out, 5, ['--method', method, ...extra]), env);
  const imported = importModelFile(new Uint8Array(readFileSync(out)));
  if (!imported.ok) throw new Error(imported.message);
  const before = importModelFile(new Uint8Array(readFileSync(run.weights)));
  if (!before.ok) throw new Error(before.message);
  expect(imported.file.meta).toEqual(before.file.meta);
  expect(imported.file.tensors.map((t) => t.name)).toEqual(before.file.tensors.map((t) => t.name));
  const changed = imported.file.tensors.some((t, i) =>
    t.values.some((v, k) => v !== before.file.tensors[i].values[k]),
  );
  expect(changed).toBe(true);
  return log;
}

describe.skipIf(!TORCH)('generated Python with PyTorch', () => {
  describe.each(ARCHITECTURE_IDS)('%s', (architecture) => {
    let run: ExportedRun;
    beforeAll(async () => {
      const config = experimentConfig(architecture);
      run = await exportRun(config, experimentDataset(config), 4);
    }, 120_000);

    test('predict matches trainer.predict on the test split', () => {
      const worst = worstPredictionGap(run, run.weights, ['--split', 'test']);
      console.log(
        `${architecture} (${BACKEND}): max |python - lab| prediction difference ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-4);
    });

    test('train 5 steps with a gradient method (per-task autograd.grad); the lab imports the result', () => {
      trainAndImport(run, 'pcgrad');
    });
  });

  describe('every required method', () => {
    let run: ExportedRun;
    beforeAll(async () => {
      const config = experimentConfig('ple', 'dwa', { window: 1 });
      run = await exportRun(config, experimentDataset(config), 2);
    }, 120_000);

    test.each(['ew', 'uw', 'dwa', 'mgda', 'pcgrad', 'cagrad', 'rlw'])('%s', (method) => {
      const log = trainAndImport(run, method, ['--log-every', '1']);
      expect(log).toContain(`with ${method} for 5 steps`);
    });

    test('pure-Python safetensors path and the batch/lr overrides', () => {
      trainAndImport(run, 'mgda', ['--batch-size', '50', '--lr', '0.001'], {
        MTL_LAB_PURE_SAFETENSORS: '1',
      });
    });

    test('torchrun with 2 processes (gloo on CPU): loss and gradient methods', () => {
      for (const method of ['uw', 'cagrad']) {
        const out = join(run.dir, `ddp-${method}.safetensors`);
        const log = pythonOk([
          '-m',
          'torch.distributed.run',
          '--standalone', // rendezvous on a free local port
          '--nproc_per_node=2',
          ...trainArgs(run, out, 5, ['--method', method, '--device', 'cpu']),
        ]);
        expect(log).toContain('(16 per process x 2)');
        expect(importModelFile(new Uint8Array(readFileSync(out))).ok).toBe(true);
      }
    });
  });

  // With the batch = the whole training split the batch order cannot matter, so the Python
  // training must follow the lab's own training step for step (PCGrad and RLW draw random
  // numbers from a different generator, so they are left out).
  describe('full-batch training follows the lab step for step', () => {
    test.each([
      ['shared-bottom', 'ew', {}],
      ['shared-bottom', 'uw', {}],
      ['shared-bottom', 'dwa', { window: 1 }],
      ['shared-bottom', 'mgda', {}],
      ['shared-bottom', 'cagrad', {}],
      ['ple', 'mgda', { mgda_gn: 'l2' }],
      ['multitab-net', 'cagrad', { c: 0.4 }],
    ] as const)('%s %s', async (architecture, method, options) => {
      const config = experimentConfig(architecture, method, { ...options }, 1000);
      const run = await exportRun(config, experimentDataset(config), 0, 5);
      const trained = join(run.dir, 'trained.safetensors');
      pythonOk(trainArgs(run, trained));
      const worst = worstPredictionGap(run, trained);
      console.log(
        `${architecture} ${method} (${BACKEND}): after 5 full-batch steps max |python - lab| ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-4);
    });
  });
});

describe.skipIf(!TORCH)('switched-off inputs (model.inputsOff)', () => {
  test('predict holds them at their mean, 0, as the lab does', async () => {
    const base = experimentConfig('shared-bottom');
    const config = { ...base, model: { ...base.model, inputsOff: [1, 4] } };
    const run = await exportRun(config, experimentDataset(config), 20);
    expect(readFileSync(run.script, 'utf-8')).toMatch(/"inputsOff": \[\s*1,\s*4\s*\]/);
    expect(worstPredictionGap(run, run.weights, ['--split', 'test'])).toBeLessThan(1e-4);
  }, 120_000);
});
