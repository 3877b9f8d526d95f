import { createContext, useContext, type ReactNode } from 'react';
import type { DataStudio } from '../../../state/dataStudio';

const DataStudioContext = createContext<DataStudio | null>(null);

export function DataStudioProvider({
  studio,
  children,
}: {
  studio: DataStudio;
  children: ReactNode;
}) {
  return <DataStudioContext.Provider value={studio}>{children}</DataStudioContext.Provider>;
}

/** The data studio's actions (import, export, dataset summaries). */
export function useDataStudio(): DataStudio {
  const studio = useContext(DataStudioContext);
  if (!studio) throw new Error('useDataStudio() needs a <DataStudioProvider> above it');
  return studio;
}
