/**
 * The parts of a shared link that are not the config: which views are open, which controls a
 * teacher hid, the lesson in progress, and the messages about link fields that were ignored.
 * Views (issue 6) read and set `views`; an undefined list means the app's default layout.
 */
import { create } from 'zustand';

export interface ShareState {
  views: string[] | undefined;
  hidden: string[];
  lesson: string | undefined;
  /** The step of the lesson shown (not part of the link). */
  lessonStep: number;
  /** What the opened link contained that could not be used; shown until dismissed. */
  linkNotice: string[];
  /** How an older link or saved experiment was read (e.g. its initialisation); shown once. */
  linkNotes: string[];
}

export const useShareStore = create<ShareState>()(() => ({
  views: undefined,
  hidden: [],
  lesson: undefined,
  lessonStep: 0,
  linkNotice: [],
  linkNotes: [],
}));

export function setViews(views: string[] | undefined): void {
  useShareStore.setState({ views: views ? [...new Set(views)] : undefined });
}

/** Open or close one view; `defaults` is the layout used while no list is set. */
export function toggleView(id: string, open: boolean, defaults: readonly string[] = []): void {
  const current = useShareStore.getState().views ?? [...defaults];
  const next = open ? [...current.filter((v) => v !== id), id] : current.filter((v) => v !== id);
  setViews(next);
}

export function setHidden(hidden: string[]): void {
  useShareStore.setState({ hidden: [...new Set(hidden)] });
}

export function setLesson(lesson: string | undefined, step = 0): void {
  useShareStore.setState({ lesson, lessonStep: step });
}

export function setLessonStep(step: number): void {
  useShareStore.setState({ lessonStep: step });
}

export function setLinkNotice(messages: string[]): void {
  useShareStore.setState({ linkNotice: messages });
}

export function setLinkNotes(notes: string[]): void {
  useShareStore.setState({ linkNotes: notes });
}

/** True when a teacher hid this control through the link (`<id>_hide=1`). */
export function useControlHidden(id: string | undefined): boolean {
  return useShareStore((state) => id !== undefined && state.hidden.includes(id));
}
