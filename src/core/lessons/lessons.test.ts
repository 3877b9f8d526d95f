/**
 * Lessons tell the truth: every lesson's preset is valid, and every claim its steps make (a Δm
 * sign, an ordering of methods, a gate distance, ...) holds on three weight seeds with the
 * default initialisation. The test's title names the lesson, the claim and the seed.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { validateConfig } from '../config/validate';
import { ID_PATTERN } from '../io/linkExtras';
import { tf } from '../tf';
import { runConfigs } from '../config/runsConfig';
import { ClaimMeasurer } from './claims';
import { LESSONS } from './lessons';
import { lessonConfig } from './presets';
import type { Lesson } from './types';

// The claims train on the lab's wasm backend (XNNPACK): ~3.5× faster here than tfjs-cpu for these
// small networks, with the same measurements to 3-4 digits (checked on the initialisation lesson).
const wasm = await import('@tensorflow/tfjs-backend-wasm');
const wasmPackage = createRequire(import.meta.url).resolve(
  '@tensorflow/tfjs-backend-wasm/package.json',
);
wasm.setWasmPaths(`${join(dirname(wasmPackage), 'dist')}/`);

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

const SEEDS = [1, 2, 3];

describe('lesson presets', () => {
  test('at least seven lessons with unique ids', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(7);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
  });

  test.each(LESSONS.map((l) => [l.id, l] as const))(
    '%s: valid config, runs, views, steps and claims',
    (_, l) => {
      const checked = validateConfig(lessonConfig(l));
      expect(checked.ok ? [] : checked.errors).toEqual([]);
      expect(() => runConfigs(lessonConfig(l), l.preset.runs)).not.toThrow();
      expect(ID_PATTERN.test(l.id)).toBe(true);
      for (const view of l.preset.views) expect(ID_PATTERN.test(view)).toBe(true);
      expect(l.steps.length).toBeGreaterThanOrEqual(2);
      expect(l.claims.length).toBeGreaterThanOrEqual(2);
      expect(lessonConfig(l).model.init).toBe('pytorch');
    },
  );

  test('one task naming: lesson texts say task_0, task_1, ... as the charts do', () => {
    for (const l of LESSONS) {
      const text = [l.summary, ...l.steps.flatMap((s) => [s.title, s.doThis, s.lookFor])].join(' ');
      expect(text, l.id).not.toMatch(/\b[Tt]ask \d/);
      for (const c of l.claims) expect(c.says, `${l.id}/${c.id}`).not.toMatch(/\b[Tt]ask \d/);
    }
  });
});

// One test per lesson, claim and seed, named after the claim; the runs a lesson's claims share
// (same patch, run, steps and seed) are trained once, by one measurer per lesson and seed.
describe('what the lessons claim holds on three seeds', () => {
  const measurers = new Map<string, ClaimMeasurer>();
  const measurer = (lesson: Lesson, seed: number) => {
    const key = `${lesson.id}/${seed}`;
    let found = measurers.get(key);
    if (!found) {
      found = new ClaimMeasurer(lesson, lessonConfig(lesson), seed, (base, run) => {
        return runConfigs(base, [run])[0];
      });
      measurers.set(key, found);
    }
    return found;
  };
  const cases = LESSONS.flatMap((lesson) =>
    SEEDS.flatMap((seed) =>
      lesson.claims.map((claim) => [lesson.id, claim.id, claim.says, seed, lesson, claim] as const),
    ),
  );
  test.for(cases)(
    '%s: %s (%s), weight seed %i',
    { timeout: 600_000 },
    async ([, , , seed, lesson, claim], { annotate }) => {
      const r = await measurer(lesson, seed).check(claim);
      const measured = `measured ${r.left.toPrecision(4)} ${claim.op} ${r.right.toPrecision(4)}`;
      await annotate(measured);
      expect(r.holds, measured).toBe(true);
    },
  );
});
