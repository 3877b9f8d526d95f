import { useShareStore } from '../share/shareStore';
import { useUiStore } from '../../state/uiStore';
import {
  DETAIL_SECTIONS,
  detailElementId,
  showDetailOf,
  type DetailSection,
} from './detailSections';

/** Go to a section: show it (narrow screens), scroll to it and move focus there. */
function go(section: DetailSection): void {
  const element = document.getElementById(detailElementId(section.id));
  if (!element) return;
  showDetailOf(element);
  element.scrollIntoView({ block: 'start' });
  element.focus({ preventScroll: true });
}

/** One click to every detailed panel (issue 18 §5), on the first screen under the header. */
export function DetailNav() {
  const hidden = useShareStore((state) => state.hidden);
  const current = useUiStore((state) => state.detail);
  const sections = DETAIL_SECTIONS.filter((s) => !s.panels.every((p) => hidden.includes(p)));
  if (sections.length === 0) return null;
  return (
    <nav className="detail-nav" aria-label="Detailed panels">
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            <button
              type="button"
              className="detail-link"
              aria-controls={detailElementId(section.id)}
              aria-current={section.id === current ? 'true' : undefined}
              onClick={() => go(section)}
            >
              {section.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
