/**
 * The benchmark page (a second Vite entry, no React): imports src/core directly and exposes
 * window.mtlBench for bench/run.ts, which drives it in headless Chromium.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { isBackendName, probeWebGpuAdapter, selectBackend } from '../src/core/engines/tfjs/backend';
import { getEngine } from '../src/core/engines/registry';
import { wasmPaths } from '../src/worker/wasmAssets';
import { runPlan } from './core/measure';
import { benchEngine, type BenchBackend, type BenchPlan, type BenchRow } from './core/types';

export interface PageRun {
  backend: BenchBackend;
  /** Set when the requested backend could not start (then rows is empty). */
  skipped: string | null;
  adapter: string | null;
  rows: BenchRow[];
  log: string[];
}

async function run(backend: BenchBackend, plan: BenchPlan): Promise<PageRun> {
  const log: string[] = [];
  const adapter = await probeWebGpuAdapter().catch(() => null);
  const adapterText = adapter
    ? [adapter.vendor, adapter.architecture, adapter.device, adapter.description]
        .filter(Boolean)
        .join(' ') + (adapter.isFallbackAdapter ? ' (fallback adapter)' : '')
    : null;
  const engine = getEngine(benchEngine(backend)?.id ?? backend);
  if (engine) {
    // tfjs stays on cpu for tf.memory(); the engine runs the step on its own.
    await selectBackend('cpu');
    const reason = await engine.available();
    if (reason) return { backend, skipped: reason, adapter: adapterText, rows: [], log };
  }
  const selection = isBackendName(backend)
    ? await selectBackend(backend, { wasmPaths })
    : { name: backend, skipped: [] };
  if (selection.name !== backend) {
    const reason = selection.skipped.find((s) => s.name === backend)?.reason ?? 'unavailable';
    return { backend, skipped: reason, adapter: adapterText, rows: [], log };
  }
  const rows = await runPlan(backend, plan, (line) => {
    log.push(line);
    console.log(line);
  });
  return { backend, skipped: null, adapter: adapterText, rows, log };
}

declare global {
  interface Window {
    mtlBench?: { run: typeof run };
  }
}

window.mtlBench = { run };
document.getElementById('status')!.textContent = 'ready';
