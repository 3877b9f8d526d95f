/**
 * The microscope's store: histories folded from every snapshot the run store takes (a transient
 * subscription, so no React render is involved in recording), plus on-demand results (test
 * metrics, Δm). Views subscribe to the one series they draw.
 */
import { create } from 'zustand';
import type { TaskMetrics } from '../core/train/types';
import type { DeltaMResult, SafetyAuditResult } from '../worker/protocol/runs';
import {
  emptyMicroscopeHistory,
  recordSnapshot,
  type MicroscopeHistory,
} from './microscopeHistory';
import { useRunStore } from './runStore';

export interface EvaluationResult {
  step: number;
  metrics: TaskMetrics[];
}

export interface MicroscopeState {
  history: MicroscopeHistory;
  evaluation: EvaluationResult | null;
  deltaM: DeltaMResult | null;
  audit: SafetyAuditResult | null;
  /** A test evaluation, Δm computation or safety audit is in flight. */
  pending: 'evaluate' | 'deltaM' | 'audit' | null;
  resultError: string | null;
}

export const useMicroscopeStore = create<MicroscopeState>()(() => ({
  history: emptyMicroscopeHistory(0),
  evaluation: null,
  deltaM: null,
  audit: null,
  pending: null,
  resultError: null,
}));

useRunStore.subscribe((state, previous) => {
  const { latest } = state;
  if (!latest || latest === previous.latest) return;
  const current = useMicroscopeStore.getState();
  const newRun = latest.runId !== current.history.runId;
  useMicroscopeStore.setState({
    history: recordSnapshot(current.history, latest),
    ...(newRun ? { evaluation: null, deltaM: null, audit: null, resultError: null } : {}),
  });
});

export function setResults(patch: Partial<Omit<MicroscopeState, 'history'>>): void {
  useMicroscopeStore.setState(patch);
}
