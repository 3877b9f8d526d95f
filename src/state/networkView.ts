/**
 * The network view's state and its one action, the refresh: page -> worker (one batched grid
 * forward, one readback) -> this store. A refresh follows the run's snapshots but never more often
 * than every REFRESH_MS, and never two at once, so training is not slowed by the view (issue 18:
 * "a few times a second, never per step").
 */
import type { Remote } from 'comlink';
import { create } from 'zustand';
import type { PlaneSpec } from '../core/network/plane';
import type { NetworkViewData } from '../core/network/view';
import type { WeightEditRequest } from '../core/network/weightEdit';
import type { LabWorkerApi, RunChange } from '../worker/protocol';
import { noteRunChange, useRunStore } from './runStore';

export type LinkView = 'weight' | 'task-pull' | 'conflict';

export const LINK_VIEWS: readonly LinkView[] = ['weight', 'task-pull', 'conflict'];

export interface NetworkViewState {
  plane: PlaneSpec;
  links: LinkView;
  view: NetworkViewData | null;
  error: string | null;
  /** Closed: no refreshes at all (the benchmark's "view closed"). */
  open: boolean;
}

/** Grid side: 24 × 24 cells per thumbnail. */
export const VIEW_GRID = 24;
export const REFRESH_MS = 300;
/**
 * The most of the time the view's refreshes may take (worker queue, forward, readback): the
 * issue's budget is 10 % of the training speed (the benchmark in e2e/networkView.spec.ts).
 */
export const VIEW_BUSY_SHARE = 0.1;

export const useNetworkViewStore = create<NetworkViewState>()(() => ({
  plane: { kind: 'features', axes: [0, 1] },
  links: 'weight',
  view: null,
  error: null,
  open: true,
}));

type ViewApi = Pick<Remote<LabWorkerApi>, 'networkView' | 'editNetworkWeight'>;

let refresh: (() => Promise<void>) | null = null;
let worker: ViewApi | null = null;

/**
 * Set one drawn weight (core/network/weightEdit.ts); the run goes on from it and its history
 * marks the edit. Rejects with the worker's readable message, changing nothing.
 */
export async function editNetworkWeight(request: WeightEditRequest): Promise<RunChange> {
  if (!worker) throw new Error('the lab has not started yet');
  const change = await worker.editNetworkWeight(request);
  noteRunChange(change);
  await refreshNetworkView();
  return change;
}

/** Ask for a fresh view now (after the current one, if one is in flight). */
export function refreshNetworkView(): Promise<void> {
  return refresh ? refresh() : Promise.resolve();
}

export function setNetworkViewOptions(options: {
  plane?: PlaneSpec;
  links?: LinkView;
  open?: boolean;
}): void {
  useNetworkViewStore.setState(options);
  if (options.plane || options.open || options.links) void refreshNetworkView();
}

/** Wire the refresh to the worker and to the run's snapshots (main.tsx, once). */
export function installNetworkView(api: ViewApi): void {
  worker = api;
  let inFlight: Promise<void> | null = null;
  let again = false;
  let lastEnd = 0;
  let lastDuration = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // A snapshot that came while a refresh was in flight: the view it read may predate it.
  let missed = false;
  const fetchOnce = async (): Promise<void> => {
    const { plane, links } = useNetworkViewStore.getState();
    try {
      // Task pull and conflict cost one backward on the view's sample: only when they are drawn.
      const view = await api.networkView(plane, VIEW_GRID, links !== 'weight');
      useNetworkViewStore.setState({ view, error: null });
      // Let the page draw it before the refresh counts as done: the drawing (React, the canvas
      // and the task outputs) shares the machine with training, so it counts in the busy share.
      await new Promise((resolve) => setTimeout(resolve, 0));
    } catch (error) {
      useNetworkViewStore.setState({
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  refresh = async () => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        const start = Date.now();
        await fetchOnce();
        lastEnd = Date.now();
        lastDuration = lastEnd - start;
      } while (again);
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
      // Without this the view stayed at the step of the last refresh when a run paused mid-way
      // (the text view read "step 25" at step 300): the snapshots after it had been dropped.
      if (missed) {
        missed = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (timer) return;
    // At most every REFRESH_MS, and busy at most VIEW_BUSY_SHARE of the time: a slow device
    // (SwiftShader, a loaded machine) gets fewer refreshes instead of a slower training run.
    const gap = Math.max(REFRESH_MS, lastDuration * (1 / VIEW_BUSY_SHARE - 1));
    const wait = Math.max(0, lastEnd + gap - Date.now());
    timer = setTimeout(() => {
      timer = null;
      void refresh?.();
    }, wait);
  };
  useRunStore.subscribe((state, previous) => {
    const open = useNetworkViewStore.getState().open;
    if (!open || !state.latest || state.latest === previous.latest) return;
    if (inFlight)
      missed = true; // scheduled when the refresh in flight ends
    else schedule();
  });
}
