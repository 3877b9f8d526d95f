import { describe, expect, test } from 'vitest';
import { checkpointDue, explodedTasks, updateReference } from './checkpointPolicy';
import {
  deviceLostNotice,
  divergenceNotice,
  formatNumber,
  saferLearningRate,
} from './checkpointMessages';
import { fallbackOrder } from '../core/engines/tfjs/deviceLoss';

const policy = { everySteps: 50, minIntervalMs: 2000 };
const snap = (step: number, running = true, diverged = false) => ({ step, running, diverged });

describe('checkpointDue', () => {
  test('the first finite snapshot is always kept; a diverged one never', () => {
    expect(checkpointDue(null, snap(0, false), 0, policy)).toBe(true);
    expect(checkpointDue(null, snap(7, true, true), 0, policy)).toBe(false);
  });
  test('while running: both enough steps and enough time', () => {
    const last = { step: 100, timeMs: 1000 };
    expect(checkpointDue(last, snap(149), 9000, policy)).toBe(false);
    expect(checkpointDue(last, snap(150), 2500, policy)).toBe(false);
    expect(checkpointDue(last, snap(150), 3000, policy)).toBe(true);
  });
  test('when stopped: any new step; never the same or an earlier step', () => {
    const last = { step: 100, timeMs: 1000 };
    expect(checkpointDue(last, snap(101, false), 1001, policy)).toBe(true);
    expect(checkpointDue(last, snap(100, false), 9000, policy)).toBe(false);
    expect(checkpointDue(last, snap(40, false), 9000, policy)).toBe(false);
  });
});

describe('explodedTasks', () => {
  test('names tasks whose loss grew beyond the factor, ignoring NaN (handled elsewhere)', () => {
    const ref = [2, 0.5, 1e-9];
    expect(explodedTasks(ref, [[3, 4, 5]], 1e4)).toEqual([]);
    expect(explodedTasks(ref, [[2e5, 1, NaN]], 1e4)).toEqual([0]);
    // Tiny references are floored at 1e-3, so 1e-9 -> 5 is not an explosion but 20 is.
    expect(
      explodedTasks(
        ref,
        [
          [1, 1, 5],
          [1, 1, 20],
        ],
        1e4,
      ),
    ).toEqual([2]);
  });
  test('the reference is the first finite loss per task', () => {
    const first = updateReference(null, [NaN, 2]);
    expect(first).toEqual([NaN, 2]);
    expect(updateReference(first, [3, 9])).toEqual([3, 2]);
  });
});

describe('messages', () => {
  test('numbers read as typed', () => {
    expect(formatNumber(1000)).toBe('1000');
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(1.5e19)).toBe('1.5e19');
    expect(formatNumber(2e-7)).toBe('2e-7');
  });
  test('a safer learning rate', () => {
    expect(saferLearningRate(1000)).toBe(0.001);
    expect(saferLearningRate(0.01)).toBe(0.001);
    expect(saferLearningRate(0.003)).toBe(0.0003);
  });
  test('divergence names the tasks, the method, the rollback and a change to make', () => {
    const notice = divergenceNotice({
      runId: 3,
      divergence: { step: 12, tasks: [1], sharedParameters: false },
      taskNames: ['price', 'clicks', 'churn'],
      method: 'PCGrad',
      learningRate: 1000,
      restoredStep: 10,
    });
    expect(notice.tasks).toEqual(['clicks']);
    expect(notice.message).toContain('task clicks became NaN/Inf with method PCGrad');
    expect(notice.message).toContain('last good checkpoint (step 10)');
    expect(notice.suggestion).toBe('Lower the learning rate from 1000 to 0.001, then reset.');
    const all = divergenceNotice({
      runId: 3,
      divergence: { step: 2, tasks: [0, 1], sharedParameters: true },
      taskNames: ['a', 'b'],
      method: 'EW',
      learningRate: 5,
      restoredStep: null,
    });
    expect(all.message).toContain('every task (a and b) and the shared parameters');
    expect(all.message).toContain('no checkpoint');
  });
  test('device loss says where training went', () => {
    const notice = deviceLostNotice({
      runId: 1,
      reason: 'destroyed',
      from: 'webgpu',
      to: 'webgl',
      restoredStep: 40,
      resumed: true,
    });
    expect(notice.message).toBe(
      'The webgpu device was lost (destroyed). The lab switched to webgl and continues training ' +
        'from the checkpoint at step 40; the loss history is kept.',
    );
    const webgl = deviceLostNotice({
      runId: 1,
      reason: 'webglcontextlost',
      from: 'webgl',
      to: 'wasm',
      restoredStep: null,
      resumed: false,
    });
    expect(webgl.message).toBe(
      'The WebGL context was lost (webglcontextlost). The lab switched to wasm and is ready to ' +
        'train from step 0; the loss history is kept.',
    );
  });
  test('after a lost backend come the later ones in the lab order', () => {
    expect(fallbackOrder('webgpu')).toEqual(['webgl', 'wasm', 'cpu', 'wasm-fused']);
    expect(fallbackOrder('wasm')).toEqual(['cpu', 'wasm-fused']);
  });
});
