import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../core/tf';
import { createTrainer } from '../core/train/trainer';
import { datasetFor, smallConfig } from '../core/train/testing';
import { exportModel, importModel } from './modelFiles';
import { runConfigs } from '../core/config/runsConfig';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = smallConfig({ tasks: 2, features: 6, samples: 400 }, { hidden: [8], tower: [4] });
const dataset = datasetFor(config);

describe('weights out and back in', () => {
  test.each(['safetensors', 'tfjs'] as const)(
    '%s: identical predictions after import',
    async (format) => {
      const trained = await createTrainer({ config, dataset });
      await trained.train(15);
      const before = await trained.predict('test');
      const file = await exportModel(trained, config, format);
      trained.dispose();

      const fresh = await createTrainer({ config, dataset });
      const untrained = await fresh.predict('test');
      expect(untrained).not.toEqual(before);
      const input =
        file.format === 'safetensors' ? file.bytes : { json: file.modelJson, bin: file.weights };
      expect(await importModel(fresh, config, input)).toEqual({ ok: true, format });
      expect(await fresh.predict('test')).toEqual(before);
      fresh.dispose();
    },
  );

  test('a file for another architecture is refused and changes nothing', async () => {
    const trainer = await createTrainer({ config, dataset });
    const file = await exportModel(trainer, config, 'safetensors');
    const other = runConfigs(config, [{ label: 'mmoe', architecture: 'mmoe' }])[0];
    const target = await createTrainer({ config: other, dataset });
    const before = await target.predict('test');
    const outcome = await importModel(
      target,
      other,
      file.format === 'safetensors' ? file.bytes : new Uint8Array(),
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.message).toMatch(/shared-bottom.*mmoe/);
    expect(await importModel(target, other, new TextEncoder().encode('a,b\n1,2\n'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/text file/),
    });
    expect(await target.predict('test')).toEqual(before);
    trainer.dispose();
    target.dispose();
  });
});

describe('compared runs start from the same weights', () => {
  test('same architecture and weight seed, different methods: identical initial parameters', async () => {
    const configs = runConfigs(config, [
      { label: 'EW', method: 'ew' },
      { label: 'PCGrad', method: 'pcgrad' },
      { label: 'CAGrad', method: 'cagrad' },
    ]);
    const weights = [];
    for (const c of configs) {
      const trainer = await createTrainer({ config: c, dataset });
      weights.push(await trainer.exportWeights());
      trainer.dispose();
    }
    expect(weights[1]).toEqual(weights[0]);
    expect(weights[2]).toEqual(weights[0]);
  });

  test('a run with an unknown method or a bad option is named', () => {
    expect(() => runConfigs(config, [{ label: 'X', method: 'nope' }])).toThrow(
      /run "X": unknown method/,
    );
  });
});
