import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import { METHODS } from '../methods/registry';
import { createTrainer } from './trainer';
import { datasetFor, smallConfig } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = smallConfig(
  { features: 6, samples: 400 },
  { hidden: [8], tower: [4] },
  { batchSize: 32 },
);
const dataset = datasetFor(base);

test.each(METHODS.map((m) => [m.id, m] as const))(
  'method %s runs in the engine: finite losses, flat memory',
  async (id) => {
    const config = { ...base, train: { ...base.train, method: id } };
    const trainer = await createTrainer({ config, dataset });
    await trainer.train(3);
    await trainer.snapshot();
    const count = tf.memory().numTensors;
    await trainer.train(12);
    const snap = await trainer.snapshot();
    expect(tf.memory().numTensors).toBe(count);
    expect(snap.diverged).toBe(false);
    snap.trainLoss.forEach((l) => expect(Number.isFinite(l)).toBe(true));
    trainer.dispose();
  },
);
