/**
 * The detailed panels below the first screen, one registry for the nav, the sections and the
 * keyboard shortcuts. Wide screens show every section (the nav jumps to one); narrow screens
 * show one at a time (the nav picks it), so a phone page is not every panel stacked.
 */
import { flushSync } from 'react-dom';
import { setDetail, type DetailId } from '../../state/uiStore';
import type { BlockControlId } from '../share/controls';

export interface DetailSection {
  id: DetailId;
  /** The nav button's name. */
  label: string;
  /** The classroom-hideable panels inside: the nav hides the button when all are hidden. */
  panels: readonly BlockControlId[];
}

export const DETAIL_SECTIONS: readonly DetailSection[] = [
  { id: 'model', label: 'Model', panels: ['model'] },
  { id: 'data', label: 'Data studio', panels: ['data-source', 'data'] },
  { id: 'microscope', label: 'Microscope', panels: ['microscope'] },
  { id: 'compare', label: 'Compare', panels: ['compare', 'grouping', 'sweep'] },
  { id: 'share', label: 'Share & export', panels: ['share', 'export', 'saved'] },
];

/** The element id of a section (the nav's aria-controls). */
export function detailElementId(id: DetailId): string {
  return `details-${id}`;
}

/**
 * Makes a section the shown one now (synchronously, so the caller can scroll to it and focus
 * something inside in the same task). `element` may be the section or anything inside one.
 */
export function showDetailOf(element: Element): void {
  const section = element.closest<HTMLElement>('[data-detail]');
  const id = DETAIL_SECTIONS.find((s) => s.id === section?.dataset.detail)?.id;
  if (id) flushSync(() => setDetail(id));
}
