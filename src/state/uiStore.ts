/** View preferences that are not part of the experiment (not in the config, not in exports). */
import { create } from 'zustand';

/** The detailed panels below the first screen (src/ui/layout/detailSections.ts names them). */
export type DetailId = 'data' | 'model' | 'microscope' | 'compare' | 'share';

export interface UiState {
  logScale: boolean;
  /** The detailed section shown on narrow screens, where only one is shown at a time. */
  detail: DetailId;
}

export const useUiStore = create<UiState>()(() => ({ logScale: true, detail: 'model' }));

export function setLogScale(logScale: boolean): void {
  useUiStore.setState({ logScale });
}

export function setDetail(detail: DetailId): void {
  useUiStore.setState({ detail });
}
