import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Remote } from 'comlink';
import { defaultConfig } from '../core/config/defaults';
import type { LabConfig } from '../core/config/schema';
import type { LabWorkerApi, RunSnapshot, RunStart } from '../worker/protocol';
import { useConfigStore } from './configStore';
import { createLabController, EDIT_DEBOUNCE_MS } from './labController';
import { useRunStore } from './runStore';

function snapshot(runId: number, step = 0): RunSnapshot {
  return {
    runId,
    step,
    epoch: 0,
    running: false,
    stepsPerSecond: 0,
    trainLoss: [1],
    testLoss: [1],
    methodWeights: null,
    conflict: null,
    gates: null,
    diverged: false,
  } as RunSnapshot;
}

/** A stand-in worker that records the configs it was given. */
function fakeWorker() {
  const configured: LabConfig[] = [];
  let runId = 0;
  const start = (regenerated: boolean): RunStart => ({
    regenerated,
    snapshot: snapshot(++runId),
    data: {
      features: 1,
      tasks: [],
      trainRows: 1,
      testRows: 1,
      labelMean: [],
      labelStd: [],
      similarity: null,
    },
  });
  const api = {
    init: vi.fn(async () => ({ name: 'cpu', requested: 'auto', adapter: null, skipped: [] })),
    configure: vi.fn(async (config: LabConfig) => {
      configured.push(config);
      return start(true);
    }),
    step: vi.fn(async (steps: number) => snapshot(runId, steps)),
    reset: vi.fn(async () => start(false).snapshot),
    play: vi.fn(async () => {}),
    pause: vi.fn(async () => null),
    setBackend: vi.fn(async () => ({
      backend: { name: 'cpu', requested: 'cpu', adapter: null, skipped: [] },
      run: null,
    })),
  };
  return {
    api,
    configured,
    connection: { api: api as unknown as Remote<LabWorkerApi>, listener: <T>(f: T) => f },
  };
}

describe('createLabController', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useConfigStore.setState({ config: defaultConfig(), draft: defaultConfig(), errors: [] });
    useRunStore.setState({ runId: 0, phase: 'starting', dataVersion: 0 });
  });
  afterEach(() => vi.useRealTimers());

  it('starts: chooses a backend and sends the default config', async () => {
    const worker = fakeWorker();
    await createLabController(worker.connection).start('auto');
    expect(worker.configured).toHaveLength(1);
    expect(useRunStore.getState().phase).toBe('ready');
    expect(useRunStore.getState().dataVersion).toBe(1);
  });

  it('debounces control edits into one reconfiguration', async () => {
    const worker = fakeWorker();
    const lab = createLabController(worker.connection);
    await lab.start('auto');
    lab.edit({ data: { rho: 0.5 } });
    lab.edit({ data: { rho: 0.4 } });
    lab.edit({ data: { rho: 0.3 } });
    await vi.advanceTimersByTimeAsync(EDIT_DEBOUNCE_MS + 10);
    expect(worker.configured).toHaveLength(2);
    expect(worker.configured[1].data.rho).toBe(0.3);
  });

  it('keeps the running config when an edit is invalid, and shows why', async () => {
    const worker = fakeWorker();
    const lab = createLabController(worker.connection);
    await lab.start('auto');
    lab.edit({ data: { features: 1 } });
    await vi.advanceTimersByTimeAsync(EDIT_DEBOUNCE_MS * 4);
    expect(worker.configured).toHaveLength(1);
    const state = useConfigStore.getState();
    expect(state.draft.data.features).toBe(1);
    expect(state.config.data.features).toBe(defaultConfig().data.features);
    expect(state.errors[0]).toMatch(/^data\.features: needs at least as many features as tasks/);
  });

  it('rejects an invalid setConfig with the message the UI shows', async () => {
    const worker = fakeWorker();
    const lab = createLabController(worker.connection);
    await lab.start('auto');
    await expect(lab.setConfig({ data: { features: 1 } })).rejects.toThrow(
      useConfigStore.getState().errors[0] ?? 'unreachable',
    );
    expect(useConfigStore.getState().errors.length).toBeGreaterThan(0);
    expect(worker.configured).toHaveLength(1);
  });

  it('applies a pending edit before stepping', async () => {
    const worker = fakeWorker();
    const lab = createLabController(worker.connection);
    await lab.start('auto');
    lab.edit({ train: { learningRate: 0.05 } });
    const result = await lab.step(3);
    expect(worker.configured).toHaveLength(2);
    expect(worker.configured[1].train.learningRate).toBe(0.05);
    expect(result.step).toBe(3);
  });
});
