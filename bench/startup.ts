/**
 * `npm run bench -- --startup [--quick]`: how long a person waits. Builds the app, serves it with
 * `vite preview`, and measures the time from navigation to an enabled Play button (the page's own
 * clock, performance.now()) for: the automatic choice on a first visit (cold: nothing remembered)
 * and on a later one (remembered), and each backend forced with ?backend=. Medians side by side in
 * one run, so the ratios hold on a loaded machine too; writes bench/results-startup.json.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { BACKEND_NAMES } from '../src/core/engines/tfjs/backend';
import { CHROMIUM_ARGS } from '../e2e/chromium';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Its own build folder, so a benchmark never swaps dist/ under a running preview. */
const OUT = join(ROOT, 'bench', 'dist', 'app');
const SWIFTSHADER_FLAGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

interface Scenario {
  name: string;
  query: string;
  /** Visit once and wait for the background measurement first, then time the reloads. */
  remembered?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'auto, first visit', query: '' },
  { name: 'auto, remembered', query: '', remembered: true },
  ...BACKEND_NAMES.map((name) => ({ name: `${name} forced`, query: `?backend=${name}` })),
];

/**
 * Records, inside the page, the performance.now() at which a Play button is first enabled (a
 * MutationObserver from the first script on), so a busy main thread cannot delay the reading.
 * Plain text, not a function: tsx compiles functions with esbuild's name helper (`__name`), which
 * does not exist in the page.
 */
const WATCH_PLAY = `(() => {
  const check = () => {
    if (window.playEnabledAt !== undefined) return;
    const play = [...document.querySelectorAll('button')].find((b) => b.textContent.includes('Play'));
    if (play && !play.disabled) window.playEnabledAt = performance.now();
  };
  // The observer sees the change as it happens; the interval is a safety net.
  setInterval(check, 50);
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'],
  });
})();`;

/** ms from navigation start to Play enabled, by the page's clock. */
async function timeToPlay(page: Page, url: string): Promise<number> {
  await page.addInitScript({ content: WATCH_PLAY });
  await page.goto(url);
  await page.waitForFunction(
    () => (window as unknown as { playEnabledAt?: number }).playEnabledAt !== undefined,
    null,
    { timeout: 120_000 },
  );
  return page.evaluate(() => (window as unknown as { playEnabledAt: number }).playEnabledAt);
}

async function runScenario(browser: Browser, base: string, s: Scenario, runs: number) {
  const times: number[] = [];
  const context = s.remembered ? await browser.newContext() : null;
  if (context) {
    // The first visit measures in the background and remembers the choice.
    const page = await context.newPage();
    await timeToPlay(page, base + s.query);
    await page
      .getByTestId('backend-status')
      .filter({ hasText: /measured fastest here|Moved to|Stayed/ })
      .waitFor({ timeout: 240_000 });
    await page.close();
  }
  for (let i = 0; i < runs; i++) {
    const ctx = context ?? (await browser.newContext());
    const page = await ctx.newPage();
    times.push(await timeToPlay(page, base + s.query));
    await page.close();
    if (!context) await ctx.close();
  }
  await context?.close();
  return times;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function runStartup(quick: boolean, out: string | null): Promise<void> {
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir: OUT },
    preview: { host: '127.0.0.1', port: 4318, strictPort: false },
  });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...SWIFTSHADER_FLAGS],
  });
  const runs = quick ? 3 : 5;
  const rows: { scenario: string; medianMs: number; runsMs: number[] }[] = [];
  try {
    for (const scenario of SCENARIOS) {
      const runsMs = await runScenario(browser, base, scenario, runs);
      rows.push({ scenario: scenario.name, medianMs: median(runsMs), runsMs });
      console.log(
        `${scenario.name.padEnd(20)} median ${(median(runsMs) / 1000).toFixed(2)} s ` +
          `(${runsMs.map((t) => (t / 1000).toFixed(2)).join(', ')})`,
      );
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  const of = (name: string) => rows.find((r) => r.scenario === name)?.medianMs ?? NaN;
  const wasm = of('wasm forced');
  const ratios = {
    autoColdOverWasm: of('auto, first visit') / wasm,
    autoRememberedOverWasm: of('auto, remembered') / wasm,
  };
  console.log(
    `auto / forced wasm: first visit ${ratios.autoColdOverWasm.toFixed(2)}×, ` +
      `remembered ${ratios.autoRememberedOverWasm.toFixed(2)}× (target ≤ 1.5×, and ≤ 5 s)`,
  );
  const file = out ?? join(ROOT, 'bench', 'results-startup.json');
  writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), runs, rows, ratios }, null, 2) + '\n',
  );
  console.log(`wrote ${file}`);
}
