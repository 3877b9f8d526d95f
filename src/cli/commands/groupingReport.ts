/**
 * The grouping part of `train --affinity`'s report: TAG's averaged affinity Ẑ (row i acts on
 * column j) with its best grouping, and STG-MTL's data-map summary with its memberships U.
 */
import type { Trainer } from '../../core/train/trainer';
import { planFromAffinity, planFromDataMaps } from '../../core/grouping/suggest';

export interface GroupingReport {
  affinity: {
    measuredSteps: number;
    mean: number[][];
    groups: number[][];
    servedBy: number[];
    value: number;
  } | null;
  dataMaps: {
    epochs: number;
    tasks: { name: string; meanConfidence: number; meanVariability: number }[];
    memberships: number[][] | null;
  } | null;
}

const meanOf = (xs: number[]): number => {
  const f = xs.filter(Number.isFinite);
  return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN;
};

export function groupingReport(trainer: Trainer, groups: number): GroupingReport {
  const affinity = trainer.affinity();
  const maps = trainer.dataMaps();
  const T = trainer.dataset.tasks.length;
  const clusters = Math.min(groups, T);
  const tag =
    affinity && affinity.count > 0 && T >= 2 ? planFromAffinity(affinity, groups).grouping : null;
  return {
    affinity: affinity
      ? {
          measuredSteps: affinity.count,
          mean: affinity.mean,
          groups: tag?.groups ?? [],
          servedBy: tag?.servedBy ?? [],
          value: tag?.value ?? NaN,
        }
      : null,
    dataMaps: maps
      ? {
          epochs: maps.epochs,
          tasks: maps.maps.map((m) => ({
            name: m.task,
            meanConfidence: meanOf(m.confidence),
            meanVariability: meanOf(m.variability),
          })),
          memberships: maps.epochs > 1 ? planFromDataMaps(maps, clusters).memberships : null,
        }
      : null,
  };
}
