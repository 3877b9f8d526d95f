/**
 * What the lab has to tell a person about reliability: a run that diverged and was rolled back, a
 * GPU that was lost, an unexpected error caught by the page's or worker's global handler, and
 * the newest checkpoint of the weights (which persistence saves).
 */
import { create } from 'zustand';
import type { ReliabilityNotice } from '../worker/protocol/notices';
import type { SavedCheckpoint } from '../worker/protocol/notices';
import type { WorkerEvent } from '../worker/protocol';
import { setBackend, useRunStore } from './runStore';

export interface ReliabilityState {
  /** Newest last; dismissed ones are removed. */
  notices: ReliabilityNotice[];
  /** Unexpected errors (uncaught exceptions, unhandled rejections), newest last, first few. */
  unexpected: string[];
  /** The newest checkpoint of the current run, from the worker. */
  checkpoint: SavedCheckpoint | null;
  /** Set after a reload restored a saved experiment. */
  restoredStep: number | null;
}

const MAX_KEPT = 5;

export const useReliabilityStore = create<ReliabilityState>()(() => ({
  notices: [],
  unexpected: [],
  checkpoint: null,
  restoredStep: null,
}));

type ReliabilityEvent = Extract<WorkerEvent, { kind: 'checkpoint' | 'notice' }>;

export function isReliabilityEvent(event: WorkerEvent): event is ReliabilityEvent {
  return event.kind === 'checkpoint' || event.kind === 'notice';
}

export function receiveReliabilityEvent(event: ReliabilityEvent): void {
  if (event.kind === 'checkpoint') {
    useReliabilityStore.setState({ checkpoint: event.checkpoint });
    return;
  }
  if (event.backend) {
    setBackend(event.backend);
    // A chunk that failed with the device may have marked the lab failed; it trains again.
    useRunStore.setState({ phase: 'ready', failure: null, gpuErrors: [] });
  }
  const notices = [...useReliabilityStore.getState().notices, event.notice].slice(-MAX_KEPT);
  useReliabilityStore.setState({ notices });
}

export function dismissNotice(index: number): void {
  const notices = useReliabilityStore.getState().notices.filter((_, i) => i !== index);
  useReliabilityStore.setState({ notices });
}

/** Record an unexpected error for the banner; returns false when it is already shown. */
export function reportUnexpected(message: string): boolean {
  const { unexpected } = useReliabilityStore.getState();
  if (unexpected.includes(message)) return false;
  useReliabilityStore.setState({ unexpected: [...unexpected, message].slice(-MAX_KEPT) });
  return true;
}

export function dismissUnexpected(): void {
  useReliabilityStore.setState({ unexpected: [] });
}

export function setRestoredStep(step: number | null): void {
  useReliabilityStore.setState({ restoredStep: step });
}
