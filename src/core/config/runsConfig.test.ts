import { expect, test } from 'vitest';
import { defaultConfig } from './defaults';
import { runConfig } from './runsConfig';

const base = (() => {
  const config = defaultConfig();
  config.train = {
    ...config.train,
    method: 'pcgrad',
    lossTransform: 'igbv1',
    procedure: 'sam',
    methodOptions: { base_epoch: 0 },
  };
  return config;
})();

test("a run without its own method keeps the experiment's loss transform and options", () => {
  const result = runConfig(base, { label: 'same', architecture: 'mmoe' });
  expect(result.ok && result.config.train).toMatchObject({
    method: 'pcgrad',
    lossTransform: 'igbv1',
    methodOptions: { base_epoch: 0 },
  });
});

test('a run with its own method runs it plainly (no transform or procedure, its own options)', () => {
  const result = runConfig(base, { label: 'uw', method: 'uw', methodOptions: { form: 'paper' } });
  expect(result.ok && result.config.train).toMatchObject({
    method: 'uw',
    lossTransform: 'none',
    procedure: 'none',
    methodOptions: { form: 'paper' },
  });
});
