import { describe, expect, test } from 'vitest';
import { fastestBackend, measureBackends, type SpeedTrial } from './backendSpeed';
import type { BackendName } from './backend';

/** A fake clock: each training step of backend `name` advances time by costMs[name]. */
function fakeLab(costMs: Partial<Record<BackendName, number>>, unavailable: BackendName[] = []) {
  let clock = 0;
  let active: BackendName | null = null;
  const disposed: BackendName[] = [];
  return {
    disposed,
    options: {
      candidates: ['webgpu', 'webgl', 'wasm', 'cpu'] as BackendName[],
      activate: async (name: BackendName) => {
        if (unavailable.includes(name)) throw new Error(`${name} missing`);
        active = name;
      },
      trial: async (name: BackendName): Promise<SpeedTrial> => ({
        train: async (steps) => {
          clock += steps * (costMs[active ?? name] ?? 1);
        },
        sync: async () => {},
        dispose: () => disposed.push(name),
      }),
      now: () => clock,
      budgetMs: 100,
    },
  };
}

describe('measureBackends', () => {
  test('measures steps per second and picks the fastest', async () => {
    const lab = fakeLab({ webgpu: 20, webgl: 10, wasm: 4, cpu: 8 });
    const speeds = await measureBackends(lab.options);
    expect(speeds.map((s) => s.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(speeds[0].stepsPerSecond).toBeCloseTo(50, 5);
    expect(speeds[2].stepsPerSecond).toBeCloseTo(250, 5);
    expect(fastestBackend(speeds)).toBe('wasm');
    expect(lab.disposed).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  test('an unavailable backend is reported with its reason and never picked', async () => {
    const lab = fakeLab({ webgpu: 1, wasm: 5, cpu: 9 }, ['webgpu', 'webgl']);
    const speeds = await measureBackends(lab.options);
    expect(speeds[0]).toEqual({ name: 'webgpu', stepsPerSecond: null, reason: 'webgpu missing' });
    expect(fastestBackend(speeds)).toBe('wasm');
  });

  test('times at least two steps even when one step exceeds the budget', async () => {
    const lab = fakeLab({ webgpu: 500, webgl: 500, wasm: 500, cpu: 500 });
    const speeds = await measureBackends(lab.options);
    expect(speeds[0].stepsPerSecond).toBeCloseTo(2, 5);
  });

  test('no backend ran: no pick', () => {
    expect(fastestBackend([{ name: 'cpu', stepsPerSecond: null, reason: 'x' }])).toBeNull();
  });
});
