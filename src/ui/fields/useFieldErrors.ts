import { useConfigStore } from '../../state/configStore';
import { useShallow } from 'zustand/react/shallow';

/** Validation messages about one config path (e.g. `data.features`, `data.taskSpecs[1].noise`). */
export function useFieldErrors(path: string): string[] {
  return useConfigStore(
    useShallow((state) =>
      state.errors.filter(
        (message) => message.startsWith(`${path}:`) || message.startsWith(`${path}[`),
      ),
    ),
  );
}
