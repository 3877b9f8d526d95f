import type { ReactNode } from 'react';
import { useUiStore, type DetailId } from '../../state/uiStore';
import { DETAIL_SECTIONS, detailElementId } from './detailSections';

/**
 * One detailed section: always in the page; CSS shows every section on wide screens and only
 * the current one on narrow screens (data-current), so nothing is unmounted and lost.
 */
export function DetailSectionFrame({ id, children }: { id: DetailId; children: ReactNode }) {
  const current = useUiStore((state) => state.detail === id);
  const label = DETAIL_SECTIONS.find((s) => s.id === id)?.label ?? id;
  return (
    <div
      id={detailElementId(id)}
      className="detail-section"
      data-detail={id}
      data-current={current ? 'true' : undefined}
      tabIndex={-1}
      aria-label={label}
      role="region"
    >
      {children}
    </div>
  );
}
