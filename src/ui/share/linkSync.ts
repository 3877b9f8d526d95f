/**
 * Keeps the address bar's link in step with the experiment: every change to the config, the runs,
 * the views, the hidden controls or the lesson rewrites it (history.replaceState, debounced), so
 * reloading or bookmarking the page keeps the experiment.
 */
import { useConfigStore } from '../../state/configStore';
import { useCompareStore } from '../compare/compareStore';
import { shareUrl } from './linkState';
import { useShareStore } from './shareStore';

export const LINK_DEBOUNCE_MS = 300;

export function startLinkSync(win: Window = window): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = (): void => {
    timer = null;
    const url = shareUrl(win.location);
    if (url !== win.location.href) win.history.replaceState(win.history.state, '', url);
  };
  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, LINK_DEBOUNCE_MS);
  };
  const stops = [
    useConfigStore.subscribe((s, p) => s.config !== p.config && schedule()),
    useCompareStore.subscribe((s, p) => s.specs !== p.specs && schedule()),
    useShareStore.subscribe(
      (s, p) =>
        (s.views !== p.views || s.hidden !== p.hidden || s.lesson !== p.lesson) && schedule(),
    ),
  ];
  schedule();
  return () => {
    if (timer !== null) clearTimeout(timer);
    stops.forEach((stop) => stop());
  };
}
