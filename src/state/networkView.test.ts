import { afterEach, expect, test, vi } from 'vitest';
import type { NetworkViewData } from '../core/network/view';
import type { RunSnapshot } from '../worker/protocol';
import {
  installNetworkView,
  REFRESH_MS,
  useNetworkViewStore,
  VIEW_BUSY_SHARE,
} from './networkView';
import { useRunStore } from './runStore';

afterEach(() => vi.useRealTimers());

const snapshot = (step: number) => ({ step }) as unknown as RunSnapshot;

test('a snapshot that arrives while a refresh is in flight gets its own refresh after it', async () => {
  vi.useFakeTimers();
  const pending: ((view: NetworkViewData) => void)[] = [];
  const networkView = vi.fn(
    () => new Promise<NetworkViewData>((resolve) => void pending.push(resolve)),
  );
  installNetworkView({ networkView, editNetworkWeight: vi.fn() } as never);
  useRunStore.setState({ latest: snapshot(1) });
  await vi.advanceTimersByTimeAsync(REFRESH_MS);
  expect(networkView).toHaveBeenCalledTimes(1);
  // The run goes on (steps 2, 3) and then pauses while that refresh is still in flight.
  useRunStore.setState({ latest: snapshot(2) });
  useRunStore.setState({ latest: snapshot(3) });
  pending[0]({ step: 1 } as NetworkViewData);
  // The refresh took REFRESH_MS: the next one comes at most a busy share's worth later.
  await vi.advanceTimersByTimeAsync(REFRESH_MS / VIEW_BUSY_SHARE);
  // Without the catch-up the view stayed at step 1 for good.
  expect(networkView).toHaveBeenCalledTimes(2);
  pending[1]({ step: 3 } as NetworkViewData);
  await vi.advanceTimersByTimeAsync(0);
  expect(useNetworkViewStore.getState().view?.step).toBe(3);
});
