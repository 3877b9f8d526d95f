/**
 * An architecture defined and registered here, at run time, with nothing else touched (no
 * registry line, no engine code): its parameters, its forward written once against Ops, its
 * drawing. It trains on every engine Node has — tfjs cpu, tfjs wasm, the fused wasm engine, and
 * tfjs webgpu when Dawn finds an adapter (SwiftShader: `node scripts/unit-tests.mjs`) — with a
 * falling training loss, and the fused engine's first-step losses equal tfjs's.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ArchitectureId } from '../config/schema';
import { denseStack, inputGroup, joinDrawings, towersDrawing, INPUT_GROUP } from '../model/drawing';
import { opsUsed } from '../model/opsTrace';
import { getArchitecture, registerArchitecture } from '../model/registry';
import { denseSpecs, linearSpecs, reluStack, towers, towerSpecs } from '../model/towers';
import type { ArchitectureDefinition } from '../model/types';
import { requireWebGPU, setupNodeWebGPU } from './webgpu/testing/nodeWebgpu';
import { getMethod } from '../methods/registry';
import { tf } from '../tf';
import { datasetFor, smallConfig } from '../train/testing';
import { createTrainer, type Trainer } from '../train/trainer';
import { createEngineTrainer } from './trainer';
import { wasmFusedEngine } from './wasm-fused/engine';

const wasm = await import('@tensorflow/tfjs-backend-wasm');
const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
wasm.setWasmPaths(`${join(dirname(pkg), 'dist')}/`);
const gpu = await setupNodeWebGPU();
if (!gpu.ok && requireWebGPU) throw new Error(gpu.reason);

/**
 * "Two-path": a shared ReLU trunk and a shared linear skip from the input, mixed per task by a
 * softmax gate over the two paths, then the towers.
 */
const twoPath: ArchitectureDefinition = {
  id: 'two-path-test',
  label: 'Two-path (test)',
  summary: 'A shared trunk and a shared linear skip, mixed per task by a gate.',
  citation: 'None: a test fixture.',
  uses: ['hidden', 'tower'],
  activations: { hidden: 'relu', skip: 'linear', gate: 'softmax', tower: 'relu', output: 'linear' },
  params(config, dims) {
    const H = config.hidden[config.hidden.length - 1];
    return [
      ...denseSpecs('trunk', [dims.features, ...config.hidden], [], true),
      ...linearSpecs('skip', dims.features, H, [], true, 'hidden'),
      ...linearSpecs('gate', dims.features, 2, [dims.tasks], false, 'gate'),
      ...towerSpecs(config, dims, H),
    ];
  },
  forward(ops, x, config) {
    const trunk = reluStack(ops, x, 'trunk', config.hidden.length); // [B, H]
    const skip = ops.dense(x, 'skip'); // [B, H]
    const paths = ops.concat(trunk, skip, 1); // [2, B, H]
    const gates = ops.softmax(ops.dense(x, 'gate')); // [T, B, 2]
    ops.gates(gates);
    return towers(ops, ops.mixExperts(gates, paths), config);
  },
  drawing(config, dims) {
    const trunk = denseStack({
      prefix: 'trunk',
      widths: config.hidden,
      from: INPUT_GROUP,
      firstLayer: 1,
      slot: 0,
      kind: 'hidden',
      id: (l) => `trunk/${l}`,
      label: (l) => `trunk layer ${l + 1}`,
    });
    const tasks = Array<string>(dims.tasks).fill(trunk.last);
    const towersPart = towersDrawing(config, dims, tasks, 1 + config.hidden.length);
    return joinDrawings({ groups: [inputGroup(dims)], edges: [] }, trunk, towersPart);
  },
};
registerArchitecture(twoPath);

function config() {
  return smallConfig(
    { features: 6, samples: 400, tasks: 2 },
    { architecture: twoPath.id as ArchitectureId, hidden: [8], tower: [4] },
    { method: 'ew', learningRate: 0.02, batchSize: 32 },
  );
}

async function trainLosses(make: () => Promise<Trainer>) {
  const trainer = await make();
  try {
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    await trainer.train(1);
    const first = (await trainer.snapshot()).trainLoss;
    await trainer.train(29);
    return { first, early: mean(first), late: mean((await trainer.snapshot()).trainLoss) };
  } finally {
    trainer.dispose();
  }
}

const onTfjs = (backend: string) => async () => {
  await tf.setBackend(backend);
  const c = config();
  return createTrainer({ config: c, dataset: datasetFor(c) });
};

describe('an architecture registered at run time', () => {
  test('is found by id; a second one under the same id is refused', () => {
    expect(getArchitecture(twoPath.id)).toBe(twoPath);
    expect(() => registerArchitecture({ ...twoPath })).toThrow(/already registered/);
    expect(() => registerArchitecture({ ...twoPath, id: 'mmoe' })).toThrow(/already registered/);
  });

  test('the fused engine supports it; an op it lacks would be named', () => {
    const needs = getMethod('ew').needs;
    expect(wasmFusedEngine.supports(twoPath, needs)).toBeNull();
    const multitab = getArchitecture('multitab-net');
    expect([...opsUsed(multitab)]).toContain('attention');
    expect(wasmFusedEngine.supports(multitab, needs)).toMatch(/\battention\b/);
    // An option can need an op too: MMoEEx's gate mask, which the fused engine lacks.
    const mmoe = getArchitecture('mmoe');
    const model = config().model;
    expect(wasmFusedEngine.supports(mmoe, needs, model)).toBeNull();
    const exclusive = { ...model, experts: 4, exclusivity: 'exclusivity' as const };
    expect(wasmFusedEngine.supports(mmoe, needs, exclusive)).toMatch(/MMoEEx gate mask/);
  });

  const engines: [string, () => Promise<Trainer>][] = [
    ['tfjs cpu', onTfjs('cpu')],
    ['tfjs wasm', onTfjs('wasm')],
    [
      'wasm-fused',
      async () => {
        await tf.setBackend('cpu');
        const c = config();
        return createEngineTrainer(wasmFusedEngine, { config: c, dataset: datasetFor(c) });
      },
    ],
  ];
  if (gpu.ok) engines.push(['tfjs webgpu', onTfjs('webgpu')]);

  test.each(engines)('trains on %s: the training loss falls', async (_, make) => {
    const { early, late } = await trainLosses(make);
    expect(Number.isFinite(late)).toBe(true);
    expect(late).toBeLessThan(0.8 * early);
  });

  test('the fused engine runs the same forward: first-step losses equal tfjs cpu', async () => {
    const tfjs = await trainLosses(engines[0][1]);
    const fused = await trainLosses(engines[2][1]);
    fused.first.forEach((v, t) => expect(v).toBeCloseTo(tfjs.first[t], 5));
  });
});
