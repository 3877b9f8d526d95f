import { describe, expect, test } from 'vitest';
import {
  fastestBackend,
  measureBackends,
  speedKey,
  speedup,
  type SpeedTrial,
} from './backendSpeed';
import { withTimeLimit, type BackendName } from './engines/tfjs/backend';
import { defaultConfig } from './config/defaults';

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

describe('time limits and the remembered choice', () => {
  test('a backend that never starts is skipped with the reason, and the others are measured', async () => {
    const lab = fakeLab({ webgpu: 2, wasm: 5, cpu: 20 });
    const heard: string[] = [];
    const speeds = await measureBackends({
      ...lab.options,
      activate: async (name) => {
        if (name === 'webgl') await new Promise(() => {}); // hangs forever
        await lab.options.activate(name);
      },
      limitMs: 50,
      onMeasured: (s) => heard.push(s.name),
    });
    const webgl = speeds.find((s) => s.name === 'webgl');
    expect(webgl?.stepsPerSecond).toBeNull();
    expect(webgl?.reason).toMatch(/did not finish within/);
    expect(fastestBackend(speeds)).toBe('webgpu');
    expect(heard).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });

  test('withTimeLimit passes results through and rejects late ones', async () => {
    await expect(withTimeLimit(Promise.resolve(3), 10, 'x')).resolves.toBe(3);
    await expect(withTimeLimit(new Promise(() => {}), 10, 'starting wasm')).rejects.toThrow(
      'starting wasm did not finish within',
    );
  });

  test('speedup compares two measured backends', () => {
    const speeds = [
      { name: 'wasm' as const, stepsPerSecond: 10 },
      { name: 'webgpu' as const, stepsPerSecond: 31 },
      { name: 'webgl' as const, stepsPerSecond: null },
    ];
    expect(speedup(speeds, 'wasm', 'webgpu')).toBeCloseTo(3.1);
    expect(speedup(speeds, 'wasm', 'webgl')).toBeNull();
  });

  test('the speed key follows adapter and model shape, not seeds or learning rate', () => {
    const config = defaultConfig();
    const key = speedKey(null, config);
    const reseeded = {
      ...config,
      train: { ...config.train, weightSeed: 9, learningRate: 0.1 },
      data: { ...config.data, seed: 42 },
    };
    expect(speedKey(null, reseeded)).toBe(key);
    const wider = { ...config, model: { ...config.model, hidden: [128] } };
    expect(speedKey(null, wider)).not.toBe(key);
    const adapter = {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      isFallbackAdapter: true,
    };
    expect(speedKey(adapter, config)).not.toBe(key);
  });
});
