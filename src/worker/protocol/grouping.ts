/**
 * The worker contract's grouping and sweep types: what the page shows of TAG affinity and STG-MTL
 * data maps with the suggested groupings, and the sweep's progress events. Types only (a leaf).
 */
import type { AffinityReport } from '../../core/grouping/affinity';
import type { ClusterMode } from '../../core/grouping/clustering';
import type { CellResult } from '../../core/sweep/runCell';

export interface DataMapView {
  task: string;
  /** At most `maxPoints` samples, evenly spaced over the training rows. */
  confidence: number[];
  variability: number[];
}

export interface GroupingState {
  step: number;
  affinity: AffinityReport | null;
  dataMaps: { epochs: number; samples: number; maps: DataMapView[] } | null;
  tag: { groups: number[][]; servedBy: number[]; value: number } | null;
  stg: {
    memberships: number[][];
    groups: number[][];
    distances: number[][];
    mode: ClusterMode;
  } | null;
  /** Why a suggestion is missing (too few measurements, too many tasks). */
  notes: string[];
}

export interface GroupingRequest {
  groups: number;
  mode?: ClusterMode;
  maxPoints?: number;
}

export type SweepListener = (
  event: { kind: 'cell'; result: CellResult } | { kind: 'done'; cancelled: boolean },
) => void;
