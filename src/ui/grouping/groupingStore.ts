/**
 * Task grouping on the page: whether the main run measures TAG's affinity and STG-MTL's data maps,
 * the latest measurements and suggestions from the worker, and training a suggestion (its rows go
 * to the compare view's results table).
 */
import { create } from 'zustand';
import type { ClusterMode } from '../../core/grouping/clustering';
import type { ComparisonRow } from '../../core/grouping/groupTraining';
import type { GroupingMethod } from '../../core/grouping/suggest';
import { startRun, useRunStore } from '../../state/runStore';
import type { GroupingState } from '../../worker/protocol/grouping';
import { addResultRows } from '../compare/compareStore';
import { getConnection } from '../share/connection';
import { toggleView } from '../share/shareStore';
import { errorMessage } from '../../core/errorMessage';

export interface GroupingStoreState {
  affinityEvery: number;
  dataMap: boolean;
  groups: number;
  mode: ClusterMode;
  latest: GroupingState | null;
  pending: GroupingMethod | null;
  progress: { done: number; total: number } | null;
  error: string | null;
}

export const useGroupingStore = create<GroupingStoreState>()(() => ({
  affinityEvery: 0,
  dataMap: false,
  groups: 2,
  mode: 'fuzzy-from-kmeans',
  latest: null,
  pending: null,
  progress: null,
  error: null,
}));

export const groupingActions = {
  /** Turn the measurements on or off; the run restarts from step 0 with them. */
  async setProbes(affinityEvery: number, dataMap: boolean): Promise<void> {
    const { api, controller, started } = getConnection();
    await started;
    await controller.flush();
    useGroupingStore.setState({ affinityEvery, dataMap, latest: null, error: null });
    startRun(await api.setGroupingProbes({ affinityEvery, dataMap }));
  },

  async refresh(): Promise<GroupingState | null> {
    const { groups, mode } = useGroupingStore.getState();
    const latest = await getConnection().api.groupingState({ groups, mode });
    useGroupingStore.setState({ latest });
    return latest;
  },

  async train(method: GroupingMethod): Promise<ComparisonRow[]> {
    const { api, proxy } = getConnection();
    const { groups, mode } = useGroupingStore.getState();
    useGroupingStore.setState({ pending: method, error: null, progress: null });
    try {
      const rows = await api.trainGrouping(
        method,
        { groups, mode },
        proxy((done: number, total: number) =>
          useGroupingStore.setState({ progress: { done, total } }),
        ),
      );
      const tasks = useRunStore.getState().data?.tasks ?? [];
      addResultRows(
        rows.map((r) => ({ ...r, step: r.steps })),
        tasks,
      );
      toggleView('compare', true);
      return rows;
    } catch (error) {
      useGroupingStore.setState({ error: errorMessage(error) });
      throw error;
    } finally {
      useGroupingStore.setState({ pending: null });
    }
  },
};
