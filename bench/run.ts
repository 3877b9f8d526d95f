/**
 * `npm run bench [-- --quick] [--runner node]`: builds the benchmark page (bench/index.html, a
 * second Vite entry over src/core, no React), serves it, drives Debian Chromium headless through
 * playwright-core one fresh page per backend, and writes bench/results.json plus a table.
 * With --runner node it runs the same measurement in Node on Dawn (see nodeRunner.ts).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { parseArgs, type BenchArgs } from './args';
import { benchPlan, type BenchResults, type BenchRow } from './core/types';
import { machineInfo, report } from './report';
import type { PageRun } from './page';
import { CHROMIUM_ARGS } from '../e2e/chromium';
import { addPytorchRows } from './pytorchReference';
import { CROSS_ORIGIN_ISOLATION } from '../src/ui/reliability/crossOriginIsolation';

const HERE = dirname(fileURLToPath(import.meta.url));
const PAGE_OUT = join(HERE, 'dist', 'page');

/** WebGL in headless Chromium without a GPU needs ANGLE on SwiftShader. */
const SWIFTSHADER_FLAGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
/** Linux Chrome on a real GPU (gpuweb#5022). */
const REAL_GPU_FLAGS = ['--use-angle=vulkan', '--enable-features=Vulkan,VulkanFromANGLE'];

async function runBrowser(args: BenchArgs): Promise<void> {
  const started = Date.now();
  await build({
    configFile: false,
    root: HERE,
    base: './',
    logLevel: 'warn',
    build: { outDir: PAGE_OUT, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
  });
  const server = await preview({
    configFile: false,
    root: HERE,
    base: './',
    logLevel: 'warn',
    build: { outDir: PAGE_OUT },
    // Cross-origin isolated, as the README's hosting notes serve the lab: the fused engine's
    // threads need SharedArrayBuffer (wasm-fused against wasm-fused-1-thread in one run).
    preview: { host: '127.0.0.1', port: 4319, strictPort: false, headers: CROSS_ORIGIN_ISOLATION },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  console.log(
    `bench page built and served at ${url} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      ...CHROMIUM_ARGS,
      ...(args.realGpu ? REAL_GPU_FLAGS : SWIFTSHADER_FLAGS),
      // Extra flags for an experiment, e.g. BENCH_CHROMIUM_FLAGS='--js-flags=--no-liftoff'.
      ...(process.env.BENCH_CHROMIUM_FLAGS?.split(' ').filter(Boolean) ?? []),
    ],
  });
  const plan = benchPlan(args.quick, args.configs, args.impls);
  const rows: BenchRow[] = [];
  const skipped: BenchResults['skipped'] = [];
  let adapter: string | null = null;
  try {
    for (const backend of args.backends) {
      const page = await browser.newPage();
      page.on('console', (m) => console.log(`  [page] ${m.text()}`));
      page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
      await page.goto(url);
      await page.waitForFunction(() => window.mtlBench !== undefined);
      console.log(`${backend}: running`);
      const result: PageRun = await page.evaluate(({ b, p }) => window.mtlBench!.run(b, p), {
        b: backend,
        p: plan,
      });
      adapter ??= result.adapter;
      if (result.skipped) skipped.push({ backend, reason: result.skipped });
      rows.push(...result.rows);
      await page.close();
    }
    const reference = addPytorchRows(args.pytorch, plan, args.configs, rows, skipped);
    const results: BenchResults = {
      machine: machineInfo('browser', `Chromium ${browser.version()}`, adapter),
      quick: args.quick,
      results: rows,
      skipped,
      reference,
    };
    report(results, args.out ?? join(HERE, 'results.json'));
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.startup) {
    const { runStartup } = await import('./startup');
    await runStartup(args.quick, args.out);
  } else if (args.runner === 'node') {
    const { runNode } = await import('./nodeRunner');
    await runNode(args);
  } else {
    await runBrowser(args);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
