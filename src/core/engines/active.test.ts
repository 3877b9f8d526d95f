/**
 * "wasm-fused" as the lab's backend choice: selectBackend activates the engine (tfjs on a host
 * backend beside it), createTrainer then trains covered architectures on the engine and falls
 * back to tfjs with the reason for the others; choosing a tfjs backend again turns it off.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, expect, test } from 'vitest';
import { selectBackend } from './tfjs/backend';
import { getArchitecture } from '../model/registry';
import { getMethod } from '../methods/registry';
import { createTrainer } from '../train/trainer';
import { datasetFor, smallConfig } from '../train/testing';
import { activeEngine, engineFallback } from './active';

afterAll(async () => {
  await selectBackend('cpu');
});

test('the fused engine trains what it covers and leaves the rest to tfjs, saying why', async () => {
  const selection = await selectBackend('wasm-fused');
  expect(selection.name).toBe('wasm-fused');
  expect(activeEngine()?.id).toBe('wasm-fused');

  const covered = smallConfig({}, { architecture: 'mmoe', experts: 2 }, { method: 'pcgrad' });
  const trainer = await createTrainer({ config: covered, dataset: datasetFor(covered) });
  expect('memoryBytes' in trainer).toBe(true); // the engine's trainer
  await trainer.train(20);
  const snap = await trainer.snapshot();
  expect(snap.trainLoss.every(Number.isFinite)).toBe(true);
  expect(snap.gates?.length).toBe(3);
  const exported = await trainer.exportWeights();
  await trainer.importWeights(exported);
  expect(await trainer.exportWeights()).toEqual(exported);
  trainer.dispose();

  const uncovered = smallConfig(
    {},
    { architecture: 'multitab-net', embedDim: 8, heads: 2, ffHidden: 8 },
  );
  const reason = engineFallback(getArchitecture('multitab-net'), getMethod('ew').needs);
  expect(reason).toMatch(/MultiTab-Net needs ops it does not have; this run trains on tfjs/);
  const fallback = await createTrainer({ config: uncovered, dataset: datasetFor(uncovered) });
  expect('memoryBytes' in fallback).toBe(false);
  await fallback.train(2);
  fallback.dispose();

  await selectBackend('cpu');
  expect(activeEngine()).toBeNull();
});

test('wasm heap is flat over 1,000 steps', async () => {
  await selectBackend('wasm-fused');
  const config = smallConfig({}, { architecture: 'shared-bottom' }, { method: 'mgda' });
  const trainer = await createTrainer({ config, dataset: datasetFor(config) });
  const bytes = (trainer as unknown as { memoryBytes(): number }).memoryBytes;
  await trainer.train(10);
  await trainer.snapshot();
  const before = bytes.call(trainer);
  await trainer.train(1000);
  await trainer.snapshot();
  expect(bytes.call(trainer)).toBe(before);
  trainer.dispose();
});
