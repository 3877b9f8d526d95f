import { expect, test } from 'vitest';
import { defaultConfig } from '../../core/config/defaults';
import { configNotes } from './configNotes';

test('a batch larger than the training rows and a huge learning rate are said in words', () => {
  const config = defaultConfig();
  config.train.batchSize = 4096;
  config.train.learningRate = 1000;
  const notes = configNotes(config, 560);
  expect(notes[0]).toContain('Batch size 4096 is larger than the 560 training rows');
  expect(notes[1]).toContain('Learning rate 1000 is very large');
  const calm = defaultConfig();
  calm.train.batchSize = 32;
  calm.train.learningRate = 0.01;
  expect(configNotes(calm, 560)).toEqual([]);
});
