/**
 * The PyTorch export of FULLER (issue #19 item 4): the file's representation-mode step with inter
 * and intra calibration on feature-group encoders. With the batch = the whole training split,
 * five Python steps from the lab's weights must follow the lab's own five steps (≤ 1e-5).
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
if (!TORCH) console.log('PyTorch export (FULLER): PyTorch is not installed; skipped');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function fullerConfig(architecture: ArchitectureId, options: Record<string, string | boolean>) {
  const base = experimentConfig(architecture, 'fuller', options, 1000);
  const model: LabConfig['model'] = {
    ...base.model,
    featureGroups: [
      { name: 'first', columns: [0, 1, 2] },
      { name: 'second', columns: [4] },
    ],
    groupWidth: 3,
  };
  return { ...base, model };
}

test('the file carries FULLER, its defaults and the feature-group encoders', () => {
  const config = fullerConfig('shared-bottom', {});
  const source = exportPyTorch(buildModelMeta(config, experimentDataset(config)));
  expect(source).toContain("METHODS['fuller'] = Fuller");
  expect(source).toContain('"fuller":{"direction":"none","intra":true}');
  expect(source).toContain('def encode_groups(net, x):');
});

describe.skipIf(!TORCH)('FULLER: five full-batch steps match the lab', () => {
  test.each([
    ['shared-bottom', {}],
    ['mmoe', {}],
    ['shared-bottom', { direction: 'imtl-g' }],
    ['mmoe', { direction: 'aligned-mtl-ub', intra: false }],
  ] as const)('%s %j', async (architecture, options) => {
    const config = fullerConfig(architecture, options);
    const run = await exportRun(config, experimentDataset(config), 0, 5);
    const trained = join(run.dir, 'trained.safetensors');
    expect(pythonOk(trainArgs(run, trained))).toContain('with fuller ');
    const worst = worstPredictionGap(run, trained);
    console.log(
      `FULLER ${architecture} ${JSON.stringify(options)}: max |python - lab| ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-5);
  });
});
