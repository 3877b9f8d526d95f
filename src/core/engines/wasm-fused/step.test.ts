/**
 * Each architecture's training step on the fused wasm engine against the tfjs engine on the CPU
 * backend: weights after 5 steps equal to 1e-5 relative to the network's largest weight, and to
 * 1e-4 relative to each parameter's own largest weight (Adam's step is lr·m/√v whatever the
 * gradient's size, so float32 rounding in a near-zero gradient, such as a freshly initialised
 * gate's in CGC under DB-MTL, moves a small weight by a larger share of its own size),
 * for every method class: loss methods (EW, UW, FAMO with losses after), gradient methods on the
 * Gram matrix (PCGrad, MGDA, Nash-MTL with its clipping), on the Jacobian (DB-MTL), and the
 * representation mode (MGDA-UB, Aligned-MTL-UB, GradDrop with its masks). Tasks mix regression,
 * binary, multiclass and missing labels.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../../tf';
import { ARCHITECTURE_IDS, type ArchitectureId, type LabConfig } from '../../config/schema';
import { getArchitecture } from '../../model/registry';
import { getMethod } from '../../methods/registry';
import { createTrainer } from '../../train/trainer';
import { datasetFor } from '../../train/testing';
import { createEngineTrainer } from '../trainer';
import { wasmFusedEngine } from './engine';
import { fusedTestConfig, worstRelative } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function config(architecture: ArchitectureId, method: string): LabConfig {
  return fusedTestConfig(architecture, method, 32, 400);
}

async function weightsAfter(fused: boolean, architecture: ArchitectureId, method: string) {
  const c = config(architecture, method);
  const args = { config: c, dataset: datasetFor(c), method: getMethod(method) };
  const trainer = fused
    ? await createEngineTrainer(wasmFusedEngine, args)
    : await createTrainer(args);
  await trainer.train(5);
  const snap = await trainer.snapshot();
  const weights = await trainer.exportWeights();
  trainer.dispose();
  return { weights, snap };
}

// Every architecture the engine runs (it says which ones it does not: engine.ts).
const ARCHITECTURES = ARCHITECTURE_IDS.filter(
  (id) => wasmFusedEngine.supports(getArchitecture(id), getMethod('ew').needs) === null,
);
const METHODS = [
  'ew',
  'uw',
  'famo',
  'pcgrad',
  'mgda',
  'nashmtl',
  'dbmtl',
  'mgdaub',
  'alignedmtlub',
  'graddrop',
];

describe.each(ARCHITECTURES)('%s: fused step equals the tfjs step', (architecture) => {
  // STL shares nothing: a Jacobian method has no rows there (the tfjs engine refuses it too).
  const methods = architecture === 'stl' ? METHODS.filter((m) => m !== 'dbmtl') : METHODS;
  test.each(methods)('%s, 5 steps', async (method) => {
    const ref = await weightsAfter(false, architecture, method);
    const got = await weightsAfter(true, architecture, method);
    const worst = worstRelative(got.weights, ref.weights, true);
    expect(worst.error, `${worst.name}`).toBeLessThan(1e-5);
    const own = worstRelative(got.weights, ref.weights, false);
    expect(own.error, `${own.name}`).toBeLessThan(1e-4);
    got.snap.trainLoss.forEach((l, t) => expect(l).toBeCloseTo(ref.snap.trainLoss[t], 5));
  });
});

test('an architecture the engine does not cover is refused with the reason', async () => {
  const c = config('multitab-net', 'ew');
  await expect(
    createEngineTrainer(wasmFusedEngine, { config: c, dataset: datasetFor(c) }),
  ).rejects.toThrow(/dense-layer architectures/);
});
