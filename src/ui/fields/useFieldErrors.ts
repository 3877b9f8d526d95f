import { useConfigStore } from '../../state/configStore';
import { useShallow } from 'zustand/react/shallow';
import { messageIsAbout } from '../../core/config/messages';

/** Validation messages about one config path (e.g. `data.features`, `data.taskSpecs[1].noise`). */
export function useFieldErrors(path: string): string[] {
  return useConfigStore(
    useShallow((state) => state.errors.filter((message) => messageIsAbout(message, path))),
  );
}
