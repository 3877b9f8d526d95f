/** The task-grouping part of `window.mtlLab` (scriptingApi.ts): TAG affinity and STG-MTL data maps. */
import type { AffinityReport } from '../../core/grouping/affinity';
import type { GroupingState } from '../../worker/protocol/grouping';
import { getConnection } from '../share/connection';
import { groupingActions, useGroupingStore } from './groupingStore';

export interface GroupingScriptingApi {
  /** Turn TAG's affinity (every k steps; 0 = off) and the data maps on or off (restarts the run). */
  measureGrouping(options: { affinityEvery?: number; dataMap?: boolean }): Promise<void>;
  /** Ẑ averaged over training (row i's step onto column j's loss), its history; null when off. */
  getAffinity(): Promise<AffinityReport | null>;
  /** Per task, confidence and variability of (up to `maxPoints`) training samples; null when off. */
  getDataMaps(maxPoints?: number): Promise<GroupingState['dataMaps']>;
  /** Both suggestions from the current measurements. */
  getGroupingSuggestions(): Promise<Pick<GroupingState, 'tag' | 'stg' | 'notes'> | null>;
}

async function state(maxPoints?: number): Promise<GroupingState | null> {
  const { api, started } = getConnection();
  await started;
  const { groups, mode } = useGroupingStore.getState();
  return api.groupingState({ groups, mode, maxPoints });
}

export function groupingScripting(): GroupingScriptingApi {
  return {
    async measureGrouping(options) {
      const current = useGroupingStore.getState();
      await groupingActions.setProbes(
        options.affinityEvery ?? current.affinityEvery,
        options.dataMap ?? current.dataMap,
      );
    },
    async getAffinity() {
      return (await state())?.affinity ?? null;
    },
    async getDataMaps(maxPoints = 100_000) {
      return (await state(maxPoints))?.dataMaps ?? null;
    },
    async getGroupingSuggestions() {
      const s = await state(1);
      return s ? { tag: s.tag, stg: s.stg, notes: s.notes } : null;
    },
  };
}
