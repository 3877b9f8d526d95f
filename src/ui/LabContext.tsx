import { createContext, useContext, type ReactNode } from 'react';
import type { LabController } from '../state/labController';

const LabContext = createContext<LabController | null>(null);

export function LabProvider({
  controller,
  children,
}: {
  controller: LabController;
  children: ReactNode;
}) {
  return <LabContext.Provider value={controller}>{children}</LabContext.Provider>;
}

/** The lab's actions; every control goes through these. */
export function useLab(): LabController {
  const controller = useContext(LabContext);
  if (!controller) throw new Error('useLab() needs a <LabProvider> above it');
  return controller;
}
