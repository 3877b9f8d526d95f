/**
 * A small, complete MTL Lab model file for the weight-format tests: a shared-bottom network over
 * the default config shrunk to 5 features, 3 tasks, hidden [8], tower [4], with seeded values.
 */
import { defaultConfig } from '../config/defaults';
import { SCHEMA_VERSION, type LabConfig } from '../config/schema';
import type { ModelFile } from './weightsFile';

export function fixtureConfig(): LabConfig {
  const config = defaultConfig();
  config.data.features = 5;
  config.model.hidden = [8];
  config.model.tower = [4];
  config.data.taskSpecs[2] = { ...config.data.taskSpecs[2], kind: 'multiclass', classes: 3 };
  return config;
}

export function fixtureLayers(): { name: string; shape: number[]; shared: boolean }[] {
  return [
    { name: 'trunk/0/kernel', shape: [5, 8], shared: true },
    { name: 'trunk/0/bias', shape: [8], shared: true },
    { name: 'towers/0/kernel', shape: [3, 8, 4], shared: false },
    { name: 'towers/0/bias', shape: [3, 4], shared: false },
    { name: 'heads/kernel', shape: [3, 4, 3], shared: false },
    { name: 'heads/bias', shape: [3, 3], shared: false },
    { name: 'empty/scalar-free', shape: [0, 4], shared: true },
  ];
}

/** Deterministic values that include negative, tiny, huge and subnormal floats. */
function values(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 2 ** 32) * 2 - 1) * (i % 7 === 0 ? 1e30 : i % 5 === 0 ? 1e-40 : 1);
  }
  return out;
}

export function fixtureModelFile(seed = 7): ModelFile {
  const config = fixtureConfig();
  const layers = fixtureLayers();
  return {
    meta: {
      format: 'mtl-lab',
      schemaVersion: SCHEMA_VERSION,
      config,
      tasks: [
        { name: 'task 1', kind: 'regression', outputs: 1 },
        { name: 'task 2', kind: 'regression', outputs: 1 },
        { name: 'task 3', kind: 'multiclass', outputs: 3 },
      ],
      features: 5,
      featureNames: ['x1', 'x2', 'x3', 'x4', 'x5'],
      featureMean: [0, 0.5, -1, 2, 0],
      featureStd: [1, 1, 2, 0.5, 1],
      activations: { hidden: 'relu', output: 'linear' },
      layers,
    },
    tensors: layers.map((l, i) => ({
      name: l.name,
      shape: l.shape,
      values: values(
        l.shape.reduce((a, b) => a * b, 1),
        seed + i,
      ),
    })),
  };
}
