/**
 * The benchmark in Node on Dawn (npm `webgpu`), for machines with a GPU but no browser: the same
 * measurement code as the page (core/measure.ts) on tfjs-backend-webgpu, the wasm backend and the
 * cpu backend, reporting the adapter Vulkan offers. Bundled into bench/dist/node-bench.mjs by
 * bench/bundle.sh (which carries the wasm binaries along in bench/dist/wasm/).
 * On a GPU-less Debian box start it with
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchArgs } from './args';
import { benchEngine, benchPlan, type BenchResults, type BenchRow } from './core/types';
import { addPytorchRows } from './pytorchReference';
import { machineInfo, report } from './report';

interface WebGPUModule {
  create(options: string[]): GPU;
  globals: object;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

async function setupDawn(options: string[]): Promise<string | null> {
  const { create, globals } = (await import('webgpu')) as unknown as WebGPUModule;
  Object.assign(globalThis, globals);
  const gpu = create(options);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info = (adapter as unknown as { info?: AdapterInfoLike }).info ?? {};
  // Node 20 has no navigator (>= 21 has a read-only getter): define it before importing the backend,
  // which registers itself only when navigator.gpu exists at import time.
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu, userAgent: 'node' },
    configurable: true,
    writable: true,
  });
  return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
}

/** Where the tfjs wasm binaries are: beside the bundle, or in the installed package. */
function wasmDirectory(here: string): string {
  const carried = join(here, 'wasm');
  if (existsSync(carried)) return `${carried}/`;
  const pkg = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return `${join(dirname(pkg), 'dist')}/`;
}

const NO_ADAPTER =
  'no WebGPU adapter from Dawn: Vulkan offered none. In a container with an NVIDIA GPU, Vulkan ' +
  "needs NVIDIA_DRIVER_CAPABILITIES to include 'graphics' (it mounts nvidia_icd.json and the " +
  'GLX/Vulkan driver libraries); `vulkaninfo --summary` shows what the loader sees';

export async function runNode(args: BenchArgs): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const started = Date.now();
  let adapter: string | null = null;
  const skipped: BenchResults['skipped'] = [];
  if (args.backends.includes('webgpu')) {
    adapter = await setupDawn(args.dawn);
    if (!adapter) {
      skipped.push({ backend: 'webgpu', reason: NO_ADAPTER });
      console.warn(NO_ADAPTER);
    }
  }
  // The Node bundle of @tensorflow/tfjs registers the gradients and the cpu backend.
  await import('@tensorflow/tfjs');
  const { selectBackend, isBackendName } = await import('../src/core/engines/tfjs/backend');
  const { getEngine } = await import('../src/core/engines/registry');
  const { runPlan } = await import('./core/measure');
  console.log(`node runner; WebGPU adapter: ${adapter ?? 'none'}`);
  const plan = benchPlan(args.quick, args.configs, args.impls);
  const rows: BenchRow[] = [];
  for (const backend of args.backends) {
    if (backend === 'webgpu' && !adapter) continue;
    if (backend === 'webgl') {
      skipped.push({ backend, reason: 'not available in the Node runner' });
      continue;
    }
    const engine = getEngine(benchEngine(backend)?.id ?? backend);
    if (engine) {
      // tfjs stays on cpu for tf.memory(); the engine runs the step on its own.
      await selectBackend('cpu');
      const reason = await engine.available();
      if (reason) {
        skipped.push({ backend, reason });
        continue;
      }
    }
    const options = backend === 'wasm' ? { wasmPaths: wasmDirectory(here) } : {};
    const selection = isBackendName(backend)
      ? await selectBackend(backend, options)
      : { name: backend, skipped: [] };
    if (selection.name !== backend) {
      skipped.push({ backend, reason: selection.skipped.map((s) => s.reason).join('; ') });
      continue;
    }
    console.log(`${backend}: running`);
    rows.push(...(await runPlan(backend, plan, (line) => console.log(`  ${line}`))));
  }
  const reference = addPytorchRows(args.pytorch, plan, args.configs, rows, skipped);
  const results: BenchResults = {
    machine: machineInfo('node', `Node ${process.version} + Dawn (npm webgpu)`, adapter),
    quick: args.quick,
    results: rows,
    skipped,
    reference,
  };
  const out =
    args.out ?? join(existsSync(join(here, 'core')) ? here : process.cwd(), 'results-node.json');
  report(results, out);
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
