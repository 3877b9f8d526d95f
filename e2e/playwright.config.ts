/**
 * End-to-end tests in Debian's Chromium with real WebGPU on the SwiftShader adapter. One worker:
 * SwiftShader is CPU-bound and the CI machine has two cores. Three servers, one project each:
 * - preview: the built app as `vite preview` serves it (every spec but the two below);
 * - isolated: the same build with COOP/COEP headers, as a cross-origin isolated host serves it;
 * - dev: the dev server exactly as `npm start` starts it (dependency pre-bundling, no build).
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './chromium';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const ISOLATED_PORT = Number(process.env.E2E_ISOLATED_PORT ?? PORT + 1);
const DEV_PORT = Number(process.env.E2E_DEV_PORT ?? PORT + 2);
const url = (port: number) => `http://127.0.0.1:${port}/`;
const preview = `npx vite preview --host 127.0.0.1 --strictPort --port`;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../test-results',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'preview',
      testIgnore: ['isolated.spec.ts', 'devServer.spec.ts'],
      use: { baseURL: url(PORT) },
    },
    { name: 'isolated', testMatch: 'isolated.spec.ts', use: { baseURL: url(ISOLATED_PORT) } },
    { name: 'dev', testMatch: 'devServer.spec.ts', use: { baseURL: url(DEV_PORT) } },
  ],
  webServer: [
    {
      command: `${preview} ${PORT}`,
      cwd: '..',
      url: url(PORT),
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `${preview} ${ISOLATED_PORT}`,
      cwd: '..',
      env: { MTL_CROSS_ORIGIN_ISOLATED: '1' },
      url: url(ISOLATED_PORT),
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // `npm start` is `vite --host 127.0.0.1`; only the port differs.
      command: `npx vite --host 127.0.0.1 --strictPort --port ${DEV_PORT}`,
      cwd: '..',
      url: url(DEV_PORT),
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
