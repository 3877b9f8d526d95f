/** View preferences that are not part of the experiment (not in the config, not in exports). */
import { create } from 'zustand';

export interface UiState {
  logScale: boolean;
}

export const useUiStore = create<UiState>()(() => ({ logScale: true }));

export function setLogScale(logScale: boolean): void {
  useUiStore.setState({ logScale });
}
