/**
 * The worker's grouping and sweep jobs (src/core/grouping, src/core/sweep): what the page shows
 * of the current run's TAG affinity and STG-MTL data maps (with both suggested groupings), training
 * a suggested grouping beside all-tasks-together and single-task, and running a sweep cell by cell.
 */
import type { LabConfig } from '../core/config/schema';
import type { Dataset } from '../core/data/types';
import { CLUSTER_MODES, featureDistances, hardGroups } from '../core/grouping/clustering';
import { taskFeatures } from '../core/grouping/dataMap';
import { compareGrouping, type ComparisonRow } from '../core/grouping/groupTraining';
import { MAX_SEARCH_TASKS } from '../core/grouping/search';
import { planFromAffinity, planFromDataMaps, type GroupingMethod } from '../core/grouping/suggest';
import { sweepCells, type SweepDefinition } from '../core/sweep/grid';
import { runSweep } from '../core/sweep/runCell';
import type { Trainer } from '../core/train/api';
import type { GroupingRequest, GroupingState, SweepListener } from './protocol/grouping';

export function groupingState(trainer: Trainer, request: GroupingRequest): GroupingState {
  const T = trainer.dataset.tasks.length;
  const notes: string[] = [];
  const affinity = trainer.affinity();
  const maps = trainer.dataMaps();
  const groups = Math.max(1, Math.min(request.groups, T));
  const mode =
    request.mode && CLUSTER_MODES.includes(request.mode) ? request.mode : 'fuzzy-from-kmeans';
  let tag: GroupingState['tag'] = null;
  if (affinity && affinity.count > 0 && T >= 2 && T <= MAX_SEARCH_TASKS) {
    const g = planFromAffinity(affinity, Math.min(groups, 3)).grouping;
    tag = { groups: g.groups, servedBy: g.servedBy, value: g.value };
  } else if (affinity)
    notes.push(
      T > MAX_SEARCH_TASKS
        ? `TAG's search handles up to ${MAX_SEARCH_TASKS} tasks`
        : 'TAG: no affinity measured yet',
    );
  let stg: GroupingState['stg'] = null;
  if (maps && maps.epochs >= 2 && T >= 2) {
    const U = planFromDataMaps(maps, groups, mode).memberships;
    stg = {
      memberships: U,
      groups: hardGroups(U),
      distances: featureDistances(taskFeatures(maps)),
      mode,
    };
  } else if (maps) notes.push('STG-MTL: the data maps need at least two epochs');
  const maxPoints = request.maxPoints ?? 600;
  const stride = maps ? Math.max(1, Math.ceil(maps.samples / maxPoints)) : 1;
  const pick = (xs: number[]) => xs.filter((_, i) => i % stride === 0);
  return {
    step: trainer.step,
    affinity,
    dataMaps: maps
      ? {
          epochs: maps.epochs,
          samples: maps.samples,
          maps: maps.maps.map((m) => ({
            task: m.task,
            confidence: pick(m.confidence),
            variability: pick(m.variability),
          })),
        }
      : null,
    tag,
    stg,
    notes,
  };
}

/** Train the suggestion of `method` from the run's measurements for as many steps as the run has. */
export async function trainSuggestedGrouping(args: {
  config: LabConfig;
  dataset: Dataset;
  trainer: Trainer;
  method: GroupingMethod;
  request: GroupingRequest;
  onProgress?: (done: number, total: number) => void;
}): Promise<ComparisonRow[]> {
  const { trainer, method, request } = args;
  const T = trainer.dataset.tasks.length;
  const groups = Math.max(1, Math.min(request.groups, T));
  const steps = trainer.step;
  if (steps < 1) throw new Error('train the run first: the grouping is measured during training');
  let plan;
  if (method === 'tag') {
    const affinity = trainer.affinity();
    if (!affinity || affinity.count === 0)
      throw new Error('turn on "Measure task affinity (TAG)" and train first');
    plan = planFromAffinity(affinity, Math.min(groups, 3));
  } else {
    const maps = trainer.dataMaps();
    if (!maps || maps.epochs < 2)
      throw new Error('turn on "Record data maps (STG-MTL)" and train at least two epochs first');
    plan = planFromDataMaps(maps, groups, request.mode ?? 'fuzzy-from-kmeans');
  }
  return compareGrouping({
    config: args.config,
    dataset: args.dataset,
    plan,
    steps,
    onProgress: args.onProgress,
  });
}

/** Runs the sweep's missing cells; `cancelled` is checked between cells. */
export async function runSweepJob(
  def: SweepDefinition,
  done: string[],
  listener: SweepListener,
  cancelled: () => boolean,
): Promise<void> {
  const cells = sweepCells(def);
  await runSweep({
    cells,
    def,
    done: new Set(done),
    onCell: (result) => listener({ kind: 'cell', result }),
    cancelled,
  });
  listener({ kind: 'done', cancelled: cancelled() });
}
