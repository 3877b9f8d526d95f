import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { Plugin } from 'vite';

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
  plugins: [react(), precacheManifest()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4000 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    pool: 'forks',
  },
});
