/**
 * From one training run to a suggested grouping, by either method:
 *   TAG  Ẑ averaged over training → exhaustive search (search.ts) → groups, each task served by
 *        its best group;
 *   STG  data maps → task feature vectors → clustering (clustering.ts) → memberships U.
 * `measureGrouping` trains the run with the measurements on (the first step of both pipelines).
 */
import type { LabConfig } from '../config/schema';
import type { Dataset } from '../data/types';
import { createTrainer } from '../train/trainer';
import type { AffinityReport } from './affinity';
import { clusterTasks, hardGroups, type ClusterMode } from './clustering';
import { taskFeatures, type DataMaps } from './dataMap';
import { trainSteps, type GroupPlan } from './groupTraining';
import { groupingMemberships, searchGroupings, type Grouping } from './search';

export type GroupingMethod = 'tag' | 'stg';

const names = (groups: number[][]) => groups.map((g) => `{${g.join(',')}}`).join(' ');

export function planFromAffinity(
  affinity: AffinityReport,
  maxGroups: number,
): GroupPlan & { grouping: Grouping } {
  const grouping = searchGroupings(affinity.mean, maxGroups);
  const { train, serve } = groupingMemberships(grouping, affinity.tasks);
  return { label: `TAG groups ${names(grouping.groups)}`, train, serve, grouping };
}

export function planFromDataMaps(
  maps: DataMaps,
  clusters: number,
  mode: ClusterMode = 'fuzzy-from-kmeans',
  seed = 0,
): GroupPlan & { memberships: number[][] } {
  const points = maps.maps.map((m) =>
    m.confidence.flatMap((c, i) =>
      Number.isFinite(c) ? [[c, Number.isFinite(m.variability[i]) ? m.variability[i] : 0]] : [],
    ),
  );
  const U = clusterTasks({ features: taskFeatures(maps), points, clusters, mode, seed });
  return { label: `STG groups ${names(hardGroups(U))}`, train: U, serve: U, memberships: U };
}

/** Train `config` for `steps` with the affinity (every `affinityEvery`) and data maps recorded. */
export async function measureGrouping(args: {
  config: LabConfig;
  dataset: Dataset;
  steps: number;
  affinityEvery?: number;
}): Promise<{ affinity: AffinityReport; dataMaps: DataMaps }> {
  const trainer = await createTrainer({
    config: args.config,
    dataset: args.dataset,
    options: { affinityEvery: args.affinityEvery ?? 1, dataMap: true },
  });
  try {
    await trainSteps(trainer, args.steps);
    const affinity = trainer.affinity();
    const dataMaps = trainer.dataMaps();
    if (!affinity || !dataMaps) throw new Error('the run recorded no grouping measurements');
    return { affinity, dataMaps };
  } finally {
    trainer.dispose();
  }
}
