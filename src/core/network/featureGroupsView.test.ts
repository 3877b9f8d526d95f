/**
 * The network view of a model with feature groups (FULLER): the drawing's encodings group matches
 * the forward's tapped encodings, the bottom's first layer reads it, and the view computes.
 */
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, test } from 'vitest';
import { tf } from '../tf';
import { MIXED_TASKS, mixedBatch, tinyModelConfig } from '../model/gradcheck.test.helpers';
import { ENCODINGS_TAP } from '../model/featureGroups';
import { getArchitecture } from '../model/registry';
import { ModelState } from '../train/modelState';
import { computeNetworkView } from './view';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test.each(['shared-bottom', 'mmoe'] as const)(
  '%s with feature groups draws and computes',
  async (id) => {
    const dims = { features: 5, tasks: 3, outputs: MIXED_TASKS.map((t) => t.outputs) };
    const config = {
      ...tinyModelConfig(id),
      featureGroups: [
        { name: 'a', columns: [0, 1] },
        { name: 'b', columns: [3] },
      ],
      groupWidth: 2,
    };
    const model = new ModelState(getArchitecture(id), config, dims, 3);
    const drawing = model.arch.drawing(config, dims);
    const encodings = drawing.groups.find((g) => g.id === ENCODINGS_TAP);
    expect(encodings?.units).toBe(2 * 2 + 2); // two encoders of 2, then x3 and x5
    const first = drawing.edges.filter((e) => e.from === ENCODINGS_TAP);
    expect(first.length).toBeGreaterThan(0);
    const plane = {
      kind: 'features' as const,
      axes: [0, 3] as [number, number],
      labels: ['x1', 'x4'] as [string, string],
      origin: [0, 0, 0, 0, 0],
      u: [1, 0, 0, 0, 0],
      v: [0, 0, 0, 1, 0],
      extent: [1, 1] as [number, number],
    };
    const sample = mixedBatch(6, 5);
    const view = await computeNetworkView({
      model: { ...model, specs: model.specs, values: model.variables, arch: model.arch },
      plane,
      grid: 4,
      sample: sample.x.dataSync() as Float32Array,
      sampleRows: 6,
      step: 0,
    });
    expect(view.thumbnails[ENCODINGS_TAP]).toHaveLength(6 * 16);
    tf.dispose([sample.x, sample.y, sample.mask]);
    model.dispose();
  },
);
