/**
 * Reads the runs to compare from `r<i>...` link keys. A run needs its label (`r<i>=...`); its
 * architecture, method and options are each dropped alone when broken.
 */
import type { OptionValue } from '../config/schema';
import { quote } from './linkCodecs';
import {
  MAX_RUNS,
  archCodec,
  initCodec,
  decodeOption,
  labelProblem,
  parseRunKey,
  setOwn,
  type RunSpec,
} from './linkExtras';

export interface RunEntry {
  key: string;
  /** Unescaped value, or null when it was badly escaped (already reported). */
  value: string | null;
}

export function decodeRuns(entries: readonly RunEntry[], ignored: string[]): RunSpec[] {
  const byIndex = new Map<number, { run: Partial<RunSpec>; keys: string[]; labelled: boolean }>();
  for (const { key, value } of entries) {
    const parsed = parseRunKey(key);
    if (!parsed) continue;
    const { index, part } = parsed;
    if (index >= MAX_RUNS) {
      ignored.push(
        `${key}: a link holds at most ${MAX_RUNS} runs (r0 to r${MAX_RUNS - 1}); ignored`,
      );
      continue;
    }
    const slot = byIndex.get(index) ?? { run: {}, keys: [], labelled: false };
    byIndex.set(index, slot);
    if (value === null) continue;
    const { run } = slot;
    if (part === 'label') {
      const problem = labelProblem(value);
      if (problem) ignored.push(`${key}: ${problem}`);
      else {
        run.label = value;
        slot.labelled = true;
      }
      continue;
    }
    // Keys that were accepted; reported if the run turns out to have no label.
    const accepted = (): void => void slot.keys.push(key);
    if (part === 'arch') {
      const arch = archCodec.decode(value);
      if (arch.ok) {
        run.architecture = arch.value;
        accepted();
      } else ignored.push(`${key}: ${arch.reason}; the run uses the main architecture`);
    } else if (part === 'init') {
      const init = initCodec.decode(value);
      if (init.ok) {
        run.init = init.value;
        accepted();
      } else ignored.push(`${key}: ${init.reason}; the run uses the main initialisation`);
    } else if (part === 'm') {
      if (value === '') ignored.push(`${key}: the method is empty; the run uses the main method`);
      else {
        run.method = value;
        accepted();
      }
    } else if (part === 'mo') {
      run.methodOptions ??= {};
      accepted();
      if (value !== '')
        ignored.push(
          `${key}: ${quote(value)} should be empty (options go in ${key}.<name>); ignored`,
        );
    } else if (part === 'option') {
      const options: Record<string, OptionValue> = (run.methodOptions ??= {});
      setOwn(options, parsed.option ?? '', decodeOption(value));
      accepted();
    } else {
      ignored.push(
        `${key}: not a run field (use r${index}.arch, r${index}.init, r${index}.m or r${index}.mo.<name>); ignored`,
      );
    }
  }
  const runs: RunSpec[] = [];
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) {
    const slot = byIndex.get(index);
    if (!slot) continue;
    if (!slot.labelled || slot.run.label === undefined) {
      for (const key of slot.keys)
        ignored.push(`${key}: run ${index} has no usable label (r${index}=...); ignored`);
      continue;
    }
    const run: RunSpec = { label: slot.run.label };
    if (slot.run.architecture !== undefined) run.architecture = slot.run.architecture;
    if (slot.run.init !== undefined) run.init = slot.run.init;
    if (slot.run.method !== undefined) run.method = slot.run.method;
    if (slot.run.methodOptions !== undefined) run.methodOptions = slot.run.methodOptions;
    runs.push(run);
  }
  return runs;
}
