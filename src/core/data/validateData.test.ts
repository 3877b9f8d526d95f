import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/validate';
import { generateDataset } from './generator';
import { minEigenvalue } from './similarity';
import { testConfig } from './testConfig';
import { suggestSimilarity, validateDataConfig } from './validateData';

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('generator config validation', () => {
  it('accepts a valid config and fills defaults', () => {
    expect(validateDataConfig(testConfig())).toEqual([]);
    const { irrelevantFeatures, featureCorrelation, ...partial } = testConfig();
    expect([irrelevantFeatures, featureCorrelation]).toEqual([0, 0]);
    expect(validateDataConfig(partial)).toEqual([]);
  });

  const cases: [string, ReturnType<typeof testConfig>, RegExp][] = [
    [
      'D < T',
      testConfig({ tasks: 3, features: 2 }),
      /data\.features: needs at least as many features as tasks \(D = 2 < T = 3\)/,
    ],
    [
      'rho below -1/(T-1)',
      testConfig({ rho: -0.6 }),
      /data\.rho: .*at least -1\/\(T-1\) = -0\.5000 \(got -0\.6\)/,
    ],
    [
      'rho above 1',
      testConfig({ rho: 1.5 }),
      /data\.rho \(task similarity rho\): must be at most 1 \(got 1\.5\)/,
    ],
    [
      'degree < 1',
      testConfig({}, [{ degree: 0 }, {}, {}]),
      /data\.taskSpecs\[0\]\.degree \(polynomial degree\): must be at least 1 \(got 0\)/,
    ],
    [
      'fractional degree',
      testConfig({}, [{}, { degree: 1.5 }, {}]),
      /data\.taskSpecs\[1\]\.degree \(polynomial degree\): must be a whole number \(got 1\.5\)/,
    ],
    [
      'sigma < 0',
      testConfig({}, [{}, {}, { noise: -0.1 }]),
      /data\.taskSpecs\[2\]\.noise \(noise standard deviation sigma\): must be at least 0 \(got -0\.1\)/,
    ],
    [
      'too few samples',
      testConfig({ samples: 50 }),
      /data\.samples \(number of samples N\): must be at least 100 \(got 50\)/,
    ],
    [
      'too many samples',
      testConfig({ samples: 300_000 }),
      /data\.samples \(number of samples N\): must be at most 200000 \(got 300000\)/,
    ],
    [
      'too many tasks',
      testConfig({ tasks: 17 }),
      /data\.tasks \(number of tasks T\): must be at most 16 \(got 17\)/,
    ],
    [
      'test fraction',
      testConfig({ testFraction: 0.99 }),
      /data\.testFraction \(test fraction\): must be at most 0\.9/,
    ],
    [
      'task specs length',
      { ...testConfig(), taskSpecs: testConfig().taskSpecs.slice(0, 2) },
      /data\.taskSpecs: expected one setting per task \(3\), got 2/,
    ],
  ];

  it.each(cases)('rejects %s with a message that says what to change', (_, config, message) => {
    const errors = validateDataConfig(config);
    expect(errors.some((e) => message.test(e))).toBe(true);
    expect(errorOf(() => generateDataset(config)).message).toMatch(message);
  });

  it('rejects a non-PSD full P and suggests the nearest valid matrix', () => {
    const P = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ];
    const config = testConfig({ correlation: P });
    const [message] = validateDataConfig(config);
    expect(message).toMatch(
      /^data\.correlation: the task-similarity matrix is not positive semidefinite \(smallest eigenvalue -0\.8\d*\); the nearest valid matrix is \[\[1, 0\.5, -0\.5\], \[0\.5, 1, 0\.5\], \[-0\.5, 0\.5, 1\]\]\.$/,
    );
    const suggestion = suggestSimilarity(config);
    expect(suggestion).not.toBeNull();
    if (!suggestion) return;
    expect(minEigenvalue(suggestion)).toBeGreaterThanOrEqual(-1e-10);
    expect(validateDataConfig(testConfig({ correlation: suggestion }))).toEqual([]);
    expect(suggestSimilarity(testConfig())).toBeNull();
  });

  it('accepts the singular ends rho = 1 and rho = -1/(T-1)', () => {
    expect(validateDataConfig(testConfig({ rho: 1 }))).toEqual([]);
    expect(validateDataConfig(testConfig({ tasks: 4, rho: -1 / 3 }, [{}, {}, {}, {}]))).toEqual([]);
  });
});
