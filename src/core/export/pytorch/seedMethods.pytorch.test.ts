/**
 * The PyTorch export of the seed papers' methods (issue #19): IGBv1, the loss transforms stacked
 * under gradient methods, and UW's paper form. With the batch = the whole training split, five
 * Python steps from the lab's weights must follow the lab's own five steps.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
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
  expect(source).toContain(
    `EMBEDDED_TRANSFORM_DEFAULTS = json.loads('{"base_epoch":1,"base_epochs":1}')`,
  );
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
