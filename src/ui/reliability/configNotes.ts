/**
 * Settings that are valid but do something a person may not expect: said in words next to the
 * run, never silently. Pure (unit-tested).
 */
import type { LabConfig } from '../../core/config/schema';

export function configNotes(config: LabConfig, trainRows: number | null): string[] {
  const notes: string[] = [];
  const { batchSize, learningRate } = config.train;
  if (trainRows !== null && batchSize > trainRows) {
    notes.push(
      `Batch size ${batchSize} is larger than the ${trainRows} training rows, so every step uses ` +
        `all ${trainRows} rows (one step per epoch).`,
    );
  }
  if (learningRate >= 1) {
    notes.push(
      `Learning rate ${learningRate} is very large for Adam; expect the run to diverge (it will ` +
        'pause and roll back if it does). Values from 0.0001 to 0.1 usually train.',
    );
  }
  return notes;
}
