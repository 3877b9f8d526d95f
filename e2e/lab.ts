/**
 * Shared e2e fixture: opens the lab, waits for its scripting API, and fails the test on any
 * console error or uncaught page error.
 */
import { test as base, expect, type Page } from '@playwright/test';
import type { MtlLabState } from '../src/ui/scriptingApi';

export { expect };

/** A small, fast experiment for SwiftShader: 2 linear tasks, a narrow trunk. */
export const SMALL_CONFIG = {
  data: {
    tasks: 2,
    features: 6,
    rho: 0.5,
    samples: 800,
    seed: 3,
    taskSpecs: [
      { degree: 1, noise: 0.01 },
      { degree: 1, noise: 0.01 },
    ],
  },
  model: { hidden: [16], tower: [8] },
  train: { learningRate: 0.01, batchSize: 64 },
};

/** Adds backend=webgpu to a query (which may carry a #hash) that names no backend. */
function withBackend(query: string): string {
  if (/[?&]backend=/.test(query)) return query;
  const hashAt = query.indexOf('#');
  const search = hashAt < 0 ? query : query.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : query.slice(hashAt);
  return `${search ? `${search}&` : '?'}backend=webgpu${hash}`;
}

export interface LabPage {
  page: Page;
  open(query?: string, pinBackend?: boolean): Promise<void>;
  state(): Promise<MtlLabState>;
  /** Errors collected so far (console.error and uncaught exceptions). */
  errors: string[];
}

export const test = base.extend<{ lab: LabPage }>({
  lab: async ({ page }, provide) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    const lab: LabPage = {
      page,
      errors,
      async open(query = '', pinBackend = true) {
        // Without ?backend= the lab measures every backend and picks the fastest (wasm may win on
        // SwiftShader), so tests pin webgpu unless they ask for the measured choice.
        await page.goto(`./${pinBackend ? withBackend(query) : query}`);
        await page.waitForFunction(() => window.mtlLab !== undefined);
        await page.evaluate(() => window.mtlLab!.ready());
      },
      state: () => page.evaluate(() => window.mtlLab!.getState()),
    };
    await provide(lab);
    expect(errors, 'console errors or page errors during the test').toEqual([]);
  },
});
