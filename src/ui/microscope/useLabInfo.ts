import { generatedTaskName } from '../../core/data/generator';
import { useConfigStore } from '../../state/configStore';
import { useRunStore } from '../../state/runStore';
import { useMemo } from 'react';
import { resolveMethod } from '../../core/train/resolveMethod';
import type { MethodDefinition } from '../../core/methods/types';

/** Task names of the loaded data (or "task k" before data exists). */
export function useTaskNames(): string[] {
  const dataTasks = useRunStore((state) => state.data?.tasks);
  const configTasks = useConfigStore((state) => state.config.data.tasks);
  return (
    dataTasks?.map((t) => t.name) ??
    Array.from({ length: configTasks }, (_, i) => generatedTaskName(i))
  );
}

/** The running config's method, or null when its id is unknown. */
export function useMethod(): MethodDefinition | null {
  const id = useConfigStore((state) => state.config.train.method);
  const transform = useConfigStore((state) => state.config.train.lossTransform);
  return useMemo(() => {
    try {
      return resolveMethod({ method: id, lossTransform: transform });
    } catch {
      return null;
    }
  }, [id, transform]);
}

export const fmt = (v: number, digits = 3): string =>
  Number.isFinite(v) ? v.toFixed(digits) : v === Infinity ? '∞' : '–';

/** Exactly n labels: the task names, padded while data and snapshot disagree during a restart. */
export function labelsFor(names: string[], n: number): string[] {
  return Array.from({ length: n }, (_, i) => names[i] ?? generatedTaskName(i));
}
