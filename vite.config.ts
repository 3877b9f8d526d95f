import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/ui/reliability/contentSecurityPolicy.ts';
import { CROSS_ORIGIN_ISOLATION } from './src/ui/reliability/crossOriginIsolation.ts';
import { buildKernels } from './scripts/build-kernels.mjs';

/** Compiles the fused CPU engine's AssemblyScript kernels before serving, building or testing. */
function wasmKernels(): Plugin {
  return { name: 'mtl-lab-wasm-kernels', buildStart: () => buildKernels() };
}

/** Builds only: the dev server's React refresh needs an inline script, which the policy forbids. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'mtl-lab-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Writes precache-manifest.json: every built file (and the public files) for public/sw.js to
 * cache on install, so the app works offline after the first visit. The version changes with
 * the file names, which carry content hashes.
 */
function precacheManifest(): Plugin {
  return {
    name: 'mtl-lab-precache-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      const publicFiles = readdirSync('public').filter((f) => f !== 'sw.js');
      const files = [...new Set(['./', 'index.html', ...built, ...publicFiles])].sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      this.emitFile({
        type: 'asset',
        fileName: 'precache-manifest.json',
        source: JSON.stringify({ version, files }),
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), precacheManifest(), contentSecurityPolicy(), wasmKernels()],
  // The same policy as a header, so it also covers the workers when the build is previewed.
  // MTL_CROSS_ORIGIN_ISOLATED=1 adds what a host sets for SharedArrayBuffer (e2e/isolated.spec.ts).
  preview: {
    headers: {
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      ...(process.env.MTL_CROSS_ORIGIN_ISOLATED ? CROSS_ORIGIN_ISOLATION : {}),
    },
  },
  base: './',
  worker: { format: 'es' },
  optimizeDeps: {
    // The dependency scan starts at index.html and does not follow `new Worker(new URL(...))`, so
    // the worker's own imports (tfjs backends, gradients, papaparse) were found only while the
    // page ran, and the optimiser bundled again and reloaded the page mid-start. Scanning the
    // worker as an entry too makes one pre-bundle with everything in it.
    entries: ['index.html', 'src/worker/lab.worker.ts'],
  },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'forks',
  },
});
