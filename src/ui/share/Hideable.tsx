import type { ReactNode } from 'react';
import { useControlHidden } from './shareStore';
import { controlIdForPath, type BlockControlId } from './controls';

/** Renders its children unless a teacher hid control `id` through the link. */
export function Hideable({ id, children }: { id: BlockControlId; children: ReactNode }) {
  return useControlHidden(id) ? null : <>{children}</>;
}

/** For fields: true when the field for this config path is hidden (`<linkKey>_hide=1`). */
export function useFieldHidden(path: string): boolean {
  return useControlHidden(controlIdForPath(path));
}
