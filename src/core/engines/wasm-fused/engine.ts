/**
 * "wasm-fused": the fused CPU engine. Every pass of a training step is a WebAssembly SIMD
 * kernel (assembly/, AssemblyScript) over one flat parameter buffer, with no tfjs op inside the
 * step: the fix for tfjs-wasm running backward and batched products in scalar loops, one
 * dispatch per op (the speed issue, #22). It runs each architecture's own forward (fusedOps.ts);
 * dense-layer architectures only. With shared memory
 * (Node; a cross-origin isolated page) a step's batch rows are split over threads (threads.ts).
 */
import { getArchitecture, modelDims } from '../../model/registry';
import type { Engine } from '../types';
import { opsUsed } from '../../model/opsTrace';
import { FUSED_OPS } from './fusedOps';
import { FusedEngineRun } from './engineRun';
import { createKernelMemory, kernelModule } from './kernels';
import { FusedRun } from './run';
import { errorMessage } from '../../errorMessage';
import { FusedThreads, sharedKernelMemory, threadCount, threadsForced } from './threads';
import { measureThreads } from './threadChoice';

export const wasmFusedEngine: Engine = {
  id: 'wasm-fused',
  label: 'Fused WebAssembly SIMD (CPU)',
  async available() {
    if (typeof WebAssembly === 'undefined') return 'WebAssembly is not available here';
    try {
      await kernelModule(false);
      return null;
    } catch (error) {
      const message = errorMessage(error);
      return `the wasm SIMD kernels did not load (${message}); this browser may lack WebAssembly SIMD`;
    }
  },
  supports(architecture, needs, model) {
    if (needs.procedure) {
      const which = needs.procedure === 'sam' ? 'flat-region SAM' : 'the two-step FOMAML procedure';
      return `the fused wasm engine has no kernels for ${which} (per-task perturbed or inner-step copies of the weights)`;
    }
    const missing = [...opsUsed(architecture, model)].filter((op) => !FUSED_OPS.has(op));
    if (missing.length === 0) return null;
    if (missing.length === 1 && missing[0] === 'gateMask') {
      return "the fused wasm engine has no MMoEEx gate mask yet; this model's exclusivity option needs it";
    }
    if (missing.every((op) => op === 'gatherUnits' || op === 'concatUnits')) {
      return "the fused wasm engine has no feature-group encoders (column gather and concatenation) yet; this model's feature groups need them";
    }
    return `the fused wasm engine covers the dense-layer architectures (it has no ${missing.join(', ')}); ${architecture.label} needs ops it does not have`;
  },
  async build({ config, dataset, batchSize, evalBatchSize }) {
    const arch = getArchitecture(config.model.architecture);
    const { threads, reason } = threadCount(batchSize);
    const km = await createKernelMemory(threads > 1 ? sharedKernelMemory() : undefined);
    const run = new FusedRun(
      km,
      arch,
      config.model,
      modelDims(dataset),
      dataset.tasks,
      config.train.weightSeed,
      batchSize,
      evalBatchSize,
      { learningRate: config.train.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    );
    if (threads === 1) return new FusedEngineRun(run, null, reason);
    try {
      const pool = await FusedThreads.start(run, threads);
      if (threadsForced()) return new FusedEngineRun(run, pool, null);
      const choice = measureThreads(run, pool);
      if (choice.keep) return new FusedEngineRun(run, pool, null);
      pool.dispose();
      return new FusedEngineRun(
        run,
        null,
        `one thread: ${threads} threads measured slower here (${choice.threadsMs.toFixed(2)} against ${choice.oneMs.toFixed(2)} ms per forward and backward; other processes may hold the cores)`,
      );
    } catch (error) {
      // The run itself works on one thread (a shared memory is still a memory): train on.
      const message = error instanceof Error ? error.message : String(error);
      return new FusedEngineRun(
        run,
        null,
        `one thread: the training threads did not start (${message})`,
      );
    }
  },
};
