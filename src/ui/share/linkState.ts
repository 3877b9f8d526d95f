/**
 * The app's state as a link and back: the running config, the runs to compare, the open views,
 * the hidden controls and the lesson. `?backend=` stays a separate query parameter; the experiment
 * lives in the hash.
 */
import { defaultConfig } from '../../core/config/defaults';
import { validateConfig } from '../../core/config/validate';
import { decodeLink, encodeLink, type LinkState } from '../../core/io';
import { METHOD_IDS } from '../../core/methods/registry';
import { restoreConfig, useConfigStore } from '../../state/configStore';
import { setCompareSpecs, useCompareStore } from '../compare/compareStore';
import {
  setHidden,
  setLesson,
  setLinkNotes,
  setLinkNotice,
  setViews,
  useShareStore,
} from './shareStore';
import { encodeSweepSpec } from '../../core/sweep/linkText';
import { useSweepStore } from '../sweep/sweepStore';

/** Query keys that are not part of the experiment. */
const PAGE_KEYS = ['backend'];

export function linkStateFromStores(): LinkState {
  const config = useConfigStore.getState().config;
  const { views, hidden, lesson } = useShareStore.getState();
  const runs = useCompareStore.getState().specs;
  const state: LinkState = { config: structuredClone(config) };
  if (runs.length) state.runs = structuredClone(runs);
  if (views !== undefined) state.views = [...views];
  if (hidden.length) state.hidden = [...hidden];
  if (lesson !== undefined) state.lesson = lesson;
  const sweep = useSweepStore.getState().def;
  if (sweep) state.sweep = encodeSweepSpec(sweep);
  return state;
}

/** Puts a decoded link into the stores; returns messages for what could not be used. */
export function applyLinkState(state: LinkState, isLesson: (id: string) => boolean): string[] {
  const problems: string[] = [];
  const checked = validateConfig(state.config);
  if (checked.ok) restoreConfig(checked.value, []);
  else {
    problems.push(`the config in the link is invalid (${checked.errors[0]}); using the defaults`);
    restoreConfig(defaultConfig(), []);
  }
  setCompareSpecs(state.runs ?? []);
  setViews(state.views);
  setHidden(state.hidden ?? []);
  if (state.lesson !== undefined && !isLesson(state.lesson)) {
    problems.push(`lesson: "${state.lesson}" is not a lesson this version has; ignored`);
    setLesson(undefined);
  } else setLesson(state.lesson);
  if (state.sweep !== undefined) useSweepStore.setState({ linked: state.sweep });
  return problems;
}

/** The link of the current experiment; `overrides` replace parts (the classroom dialog's choices). */
export function currentLink(overrides: Partial<Pick<LinkState, 'hidden' | 'lesson'>> = {}): string {
  const state = linkStateFromStores();
  if ('hidden' in overrides) {
    if (overrides.hidden?.length) state.hidden = [...overrides.hidden];
    else delete state.hidden;
  }
  if ('lesson' in overrides) {
    if (overrides.lesson !== undefined) state.lesson = overrides.lesson;
    else delete state.lesson;
  }
  return encodeLink(state);
}

/** The link text of a location: its hash, or else its query without the page-only keys. */
export function linkTextOf(search: string, hash: string): string {
  if (hash.length > 1) return hash.slice(1);
  const params = search.startsWith('?') ? search.slice(1) : search;
  return params
    .split('&')
    .filter((part) => part !== '' && !PAGE_KEYS.includes(part.split('=')[0]))
    .join('&');
}

/** Reads the link of the page, applies it and shows what was ignored. */
export function applyLinkFromLocation(
  location: Pick<Location, 'search' | 'hash'>,
  isLesson: (id: string) => boolean,
): string[] {
  const text = linkTextOf(location.search, location.hash);
  if (text === '') return [];
  const { state, ignored, notes } = decodeLink(text, { knownMethods: METHOD_IDS });
  const messages = [...ignored, ...applyLinkState(state, isLesson)];
  setLinkNotice(messages);
  setLinkNotes(notes);
  return messages;
}

/** The full address to share: this page, `?backend=` if set, and the experiment in the hash. */
export function shareUrl(
  location: Pick<Location, 'origin' | 'pathname' | 'search'>,
  overrides: Partial<Pick<LinkState, 'hidden' | 'lesson'>> = {},
): string {
  const params = new URLSearchParams(location.search);
  const kept = PAGE_KEYS.filter((k) => params.has(k))
    .map((k) => `${k}=${encodeURIComponent(params.get(k) ?? '')}`)
    .join('&');
  return `${location.origin}${location.pathname}${kept ? `?${kept}` : ''}#${currentLink(overrides)}`;
}
