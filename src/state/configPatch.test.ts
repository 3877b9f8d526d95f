import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config/defaults';
import { dataDiffers, proposeConfig } from './configPatch';

describe('proposeConfig', () => {
  it('deep-merges and validates a valid patch', () => {
    const { validation } = proposeConfig(defaultConfig(), {
      data: { rho: -0.2 },
      train: { batchSize: 32 },
    });
    expect(validation.ok).toBe(true);
    if (validation.ok) {
      expect(validation.value.data.rho).toBe(-0.2);
      expect(validation.value.train.batchSize).toBe(32);
      expect(validation.value.data.features).toBe(defaultConfig().data.features);
    }
  });

  it('resizes the per-task settings when only the task count changes', () => {
    const { candidate, validation } = proposeConfig(defaultConfig(), { data: { tasks: 5 } });
    expect(validation.ok).toBe(true);
    expect(candidate.data.taskSpecs).toHaveLength(5);
    expect(candidate.data.taskSpecs[4]).toEqual(defaultConfig().data.taskSpecs[2]);
  });

  it('rejects D < T with the validator message and keeps the candidate for display', () => {
    const { candidate, validation } = proposeConfig(defaultConfig(), { data: { features: 2 } });
    expect(validation.ok).toBe(false);
    if (!validation.ok) expect(validation.errors.join(' ')).toMatch(/data\.features/);
    expect(candidate.data.features).toBe(2);
  });

  it('drops the old method options when the method changes, merges them otherwise', () => {
    const base = proposeConfig(defaultConfig(), {
      train: { method: 'gradnorm', methodOptions: { alpha: 2 } },
    }).candidate;
    expect(base.train.methodOptions).toEqual({ alpha: 2 });
    const same = proposeConfig(base, { train: { methodOptions: { weight_lr: 0.1 } } }).candidate;
    expect(same.train.methodOptions).toEqual({ alpha: 2, weight_lr: 0.1 });
    expect(
      proposeConfig(base, { train: { method: 'pcgrad' } }).candidate.train.methodOptions,
    ).toEqual({});
    const cagrad = proposeConfig(base, { train: { method: 'cagrad', methodOptions: { c: 0.4 } } });
    expect(cagrad.candidate.train.methodOptions).toEqual({ c: 0.4 });
  });

  it('replaces the options when the loss transform changes (its options leave with it)', () => {
    const base = proposeConfig(defaultConfig(), {
      train: { method: 'pcgrad', lossTransform: 'igbv1', methodOptions: { base_epoch: 0 } },
    }).candidate;
    expect(base.train.methodOptions).toEqual({ base_epoch: 0 });
    const none = proposeConfig(base, { train: { lossTransform: 'none', methodOptions: {} } });
    expect(none.candidate.train.methodOptions).toEqual({});
    expect(none.validation.ok).toBe(true);
  });

  it('does not mutate the base config', () => {
    const base = defaultConfig();
    proposeConfig(base, { data: { tasks: 2 } });
    expect(base).toEqual(defaultConfig());
  });
});

describe('dataDiffers', () => {
  it('is true only for data changes', () => {
    const a = defaultConfig();
    expect(dataDiffers(a, { ...a, train: { ...a.train, learningRate: 0.1 } })).toBe(false);
    expect(dataDiffers(a, { ...a, data: { ...a.data, seed: 9 } })).toBe(true);
  });
});
