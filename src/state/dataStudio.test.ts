import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Remote } from 'comlink';
import type { CsvMapping } from '../core/data/csv';
import type { LabController } from './labController';
import type { LabWorkerApi, RunStart } from '../worker/protocol';
import { createDataStudio } from './dataStudio';
import { clampPair, initialDataStudioState, useDataStudioStore } from './dataStudioStore';
import { useRunStore } from './runStore';

const MAPPING: CsvMapping = {
  featureColumns: ['x_0'],
  taskColumns: [{ name: 'task_0', kind: 'regression' }],
  testFraction: 0.3,
  seed: 0,
  standardize: true,
};

function runStart(): RunStart {
  return {
    regenerated: true,
    data: {
      features: 1,
      tasks: [{ name: 'task_0', kind: 'regression', outputs: 1 }],
      trainRows: 7,
      testRows: 3,
      labelMean: [0],
      labelStd: [1],
      similarity: null,
    },
    snapshot: {
      runId: 9,
      step: 0,
      epoch: 0,
      running: false,
      stepsPerSecond: 0,
      trainLoss: [1],
      testLoss: [1],
      methodWeights: null,
      conflict: null,
      gates: null,
      attention: null,
      diverged: false,
    },
  } as RunStart;
}

function setup(importCsv: () => Promise<RunStart>) {
  const api = {
    parseCsv: vi.fn(async () => ({
      fileName: 'a.csv',
      rows: 10,
      columns: [],
      sample: [],
      guess: MAPPING,
    })),
    importCsv: vi.fn(importCsv),
  };
  const lab = { flush: vi.fn(async () => {}) } as unknown as LabController;
  const studio = createDataStudio(api as unknown as Remote<LabWorkerApi>, lab);
  return { api, lab, studio };
}

describe('data studio actions', () => {
  beforeEach(() => {
    useDataStudioStore.setState({ ...initialDataStudioState });
    useRunStore.setState({ runId: 0, dataVersion: 1, data: null });
  });

  it('parses a file into the mapping step, then imports and starts the run', async () => {
    const { studio, lab } = setup(async () => runStart());
    await studio.openFile(new Blob(['x']), 'a.csv');
    expect(useDataStudioStore.getState().importPhase).toBe('mapping');
    await studio.confirmImport(MAPPING);
    expect(lab.flush).toHaveBeenCalled();
    expect(useDataStudioStore.getState()).toMatchObject({ importPhase: 'idle', preview: null });
    expect(useRunStore.getState().dataVersion).toBe(2);
    expect(useRunStore.getState().data?.trainRows).toBe(7);
  });

  it('a rejected import keeps the mapping step and the loaded data, with the message', async () => {
    const { studio } = setup(async () => {
      throw new Error('row 7, column "x_2": "n/a" is not a number');
    });
    await studio.openFile(new Blob(['x']), 'a.csv');
    await studio.confirmImport(MAPPING);
    const state = useDataStudioStore.getState();
    expect(state.importPhase).toBe('mapping');
    expect(state.importError).toMatch(/^row 7, column "x_2"/);
    expect(useRunStore.getState().dataVersion).toBe(1);
  });

  it('a file that does not parse goes back to idle with the message', async () => {
    const { studio, api } = setup(async () => runStart());
    api.parseCsv.mockRejectedValueOnce(new Error('the file is empty'));
    await studio.openFile(new Blob(['']), 'e.csv');
    expect(useDataStudioStore.getState()).toMatchObject({
      importPhase: 'idle',
      importError: 'the file is empty',
    });
  });

  it('keeps the scatter pair valid for the task count', () => {
    expect(clampPair([0, 1], 3)).toEqual([0, 1]);
    expect(clampPair([4, 4], 3)).toEqual([2, 0]);
    expect(clampPair([1, 1], 2)).toEqual([1, 0]);
    expect(clampPair([0, 1], 1)).toEqual([0, 0]);
  });
});
