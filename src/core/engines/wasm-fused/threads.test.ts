/**
 * The fused engine on several threads (threads.ts) against one thread, in Node (worker_threads
 * over a shared WebAssembly memory): weights after 5 steps equal to float32 rounding (the slices
 * sum their rows' gradients in a different order: bound 1e-5 of the network's largest weight and
 * 1e-4 of each parameter's own, as the tfjs comparison in step.test.ts), and bit for bit between
 * two runs on the same number of threads (the slices' reduction order is fixed). Every method
 * class: loss (EW, FAMO with losses after), Gram (PCGrad), Jacobian (DB-MTL) and the
 * representation mode (MGDA-UB, which runs its backward on one thread).
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tf } from '../../tf';
import { ARCHITECTURE_IDS, type ArchitectureId, type LabConfig } from '../../config/schema';
import { getArchitecture } from '../../model/registry';
import { getMethod } from '../../methods/registry';
import { datasetFor } from '../../train/testing';
import type { WeightEntry } from '../../train/weights';
import { createEngineTrainer } from '../trainer';
import { wasmFusedEngine } from './engine';
import { fusedTestConfig, worstRelative } from './testing';
import { setFusedThreads, threadCount } from './threads';

// 100 rows over 3 threads: slices of 33, 33 and 34 rows.
const BATCH = 100;
const THREADS = 3;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => setFusedThreads('auto'));

function config(architecture: ArchitectureId, method: string): LabConfig {
  return fusedTestConfig(architecture, method, BATCH, 600);
}

async function train(
  threads: number,
  architecture: ArchitectureId,
  method: string,
  conflictEvery = 0,
) {
  setFusedThreads(threads);
  const c = config(architecture, method);
  const trainer = await createEngineTrainer(wasmFusedEngine, {
    config: c,
    dataset: datasetFor(c),
    method: getMethod(method),
    options: { conflictEvery },
  });
  await trainer.train(5);
  const snap = await trainer.snapshot();
  const weights = await trainer.exportWeights();
  trainer.dispose();
  return { weights, losses: snap.trainLoss, norms: snap.conflict?.norms ?? [] };
}

function worst(a: WeightEntry[], b: WeightEntry[], global: boolean): number {
  return worstRelative(a, b, global).error;
}

test(`a batch of ${BATCH} rows runs on ${THREADS} threads when asked, on one when too small`, async () => {
  setFusedThreads(THREADS);
  expect(threadCount(BATCH)).toEqual({ threads: THREADS, reason: null });
  expect(threadCount(40).threads).toBe(1);
  expect(threadCount(40).reason).toMatch(/too small/);
  const c = config('mmoe', 'ew');
  const run = await wasmFusedEngine.build({
    config: c,
    dataset: datasetFor(c),
    batchSize: BATCH,
    evalBatchSize: 64,
  });
  expect(run.threads).toEqual({ count: THREADS, reason: null });
  run.dispose();
});

// Every architecture the engine runs (it says which ones it does not: engine.ts).
const ARCHITECTURES = ARCHITECTURE_IDS.filter(
  (id) => wasmFusedEngine.supports(getArchitecture(id), getMethod('ew').needs) === null,
);
const METHODS = ['ew', 'famo', 'pcgrad', 'dbmtl', 'mgdaub'];

describe.each(ARCHITECTURES)('%s: threaded step equals the one-thread step', (architecture) => {
  const methods = architecture === 'stl' ? METHODS.filter((m) => m !== 'dbmtl') : METHODS;
  test.each(methods)('%s, 5 steps', async (method) => {
    const one = await train(1, architecture, method);
    const many = await train(THREADS, architecture, method);
    expect(worst(many.weights, one.weights, true)).toBeLessThan(1e-5);
    expect(worst(many.weights, one.weights, false)).toBeLessThan(1e-4);
    many.losses.forEach((l, t) => expect(l).toBeCloseTo(one.losses[t], 5));
    const again = await train(THREADS, architecture, method);
    again.weights.forEach((w, i) => expect(w.values).toEqual(many.weights[i].values));
  });
});

// The threads run the last step's backward with each forward (backwardGuess.ts); these cases miss
// that guess: RLW's weights move every step, and a loss method's conflict probe asks for a
// per-task backward after a forward that ran the weighted one (which scaled the output gradients
// by RLW's weights, not 1, so a probe that skipped the forward again would see it).
describe('a missed backward guess gives the one-thread step', () => {
  test.each([
    ['rlw', 0],
    ['rlw', 2],
  ] as const)('%s, conflict probe every %i steps', async (method, conflictEvery) => {
    const one = await train(1, 'mmoe', method, conflictEvery);
    const many = await train(THREADS, 'mmoe', method, conflictEvery);
    expect(worst(many.weights, one.weights, true)).toBeLessThan(1e-5);
    expect(worst(many.weights, one.weights, false)).toBeLessThan(1e-4);
    many.losses.forEach((l, t) => expect(l).toBeCloseTo(one.losses[t], 5));
    expect(many.norms.length).toBe(conflictEvery ? 3 : 0);
    many.norms.forEach((n, t) => expect(n).toBeCloseTo(one.norms[t], 5));
  });
});
