/**
 * `generate`: write a MultiTab-Bench dataset as CSV (MultiTab web layout) plus a JSON sidecar
 * `<out>.meta.json` with the full config and seed. Settings come from the defaults, then an
 * optional `--config` JSON (a partial DataConfig), then flags; one value of --degrees, --noise
 * or --kinds is broadcast to all tasks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultConfig, resizeTaskSpecs } from '../../core/config/defaults';
import { TASK_KINDS, type DataConfig, type TaskKind } from '../../core/config/schema';
import { mergeConfig } from '../../core/config/validate';
import { datasetSidecar, datasetToCsv } from '../../core/data/csv';
import { generateDataset } from '../../core/data/generator';
import { numberFlag, numberListFlag, parseFlags, type Command } from '../command';
import { errorMessage } from '../../core/errorMessage';

const OPTIONS = {
  config: { type: 'string' },
  tasks: { type: 'string' },
  features: { type: 'string' },
  rho: { type: 'string' },
  degrees: { type: 'string' },
  noise: { type: 'string' },
  kinds: { type: 'string' },
  samples: { type: 'string' },
  'test-fraction': { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
} as const;

type Flags = ReturnType<typeof parseFlags<typeof OPTIONS>>;

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`--config: cannot read "${path}"`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    // Accept either a DataConfig or a whole LabConfig with a `data` field.
    if (parsed !== null && typeof parsed === 'object' && 'data' in parsed) {
      return (parsed as { data: unknown }).data;
    }
    return parsed;
  } catch (error) {
    throw new Error(`--config: "${path}" is not valid JSON (${errorMessage(error)})`);
  }
}

/** One value for all tasks, or exactly one per task. */
function perTask<V>(flag: string, values: V[] | undefined, tasks: number): V[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 1) return Array.from({ length: tasks }, () => values[0]);
  if (values.length !== tasks) {
    throw new Error(
      `--${flag} has ${values.length} values but there are ${tasks} tasks; give one value or ${tasks}`,
    );
  }
  return values;
}

function parseKinds(value: string | undefined): TaskKind[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((part) => {
    const kind = part.trim();
    if (!(TASK_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`--kinds: "${kind}" is not a task kind; use ${TASK_KINDS.join(', ')}`);
    }
    return kind as TaskKind;
  });
}

/** Defaults <- --config file <- flags. Not validated here: generateDataset validates. */
export function dataConfigFromFlags(flags: Flags): DataConfig {
  let data = defaultConfig().data;
  if (flags.config !== undefined) data = mergeConfig(data, readConfigFile(flags.config));
  const degrees = numberListFlag('degrees', flags.degrees);
  const noise = numberListFlag('noise', flags.noise);
  const kinds = parseKinds(flags.kinds);
  // Without --tasks, a per-task list (e.g. --degrees 1,3,2) sets the number of tasks.
  const listLength = [degrees, noise, kinds].find(
    (list) => list !== undefined && list.length > 1,
  )?.length;
  const tasks = numberFlag('tasks', flags.tasks, listLength ?? data.tasks);
  const specs = Array.isArray(data.taskSpecs) ? data.taskSpecs : [];
  const resized =
    Number.isInteger(tasks) && tasks >= 1 && tasks <= 1000 ? resizeTaskSpecs(specs, tasks) : specs;
  const degreeList = perTask('degrees', degrees, resized.length);
  const noiseList = perTask('noise', noise, resized.length);
  const kindList = perTask('kinds', kinds, resized.length);
  return {
    ...data,
    tasks,
    features: numberFlag('features', flags.features, data.features),
    rho: numberFlag('rho', flags.rho, data.rho),
    samples: numberFlag('samples', flags.samples, data.samples),
    testFraction: numberFlag('test-fraction', flags['test-fraction'], data.testFraction),
    seed: numberFlag('seed', flags.seed, data.seed),
    taskSpecs: resized.map((spec, t) => ({
      ...spec,
      degree: degreeList?.[t] ?? spec.degree,
      noise: noiseList?.[t] ?? spec.noise,
      kind: kindList?.[t] ?? spec.kind,
    })),
  };
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'write a MultiTab-Bench dataset as CSV (--out file.csv, plus file.csv.meta.json)',
  async run(argv) {
    const flags = parseFlags(argv, OPTIONS);
    const dataset = generateDataset(dataConfigFromFlags(flags));
    const csv = datasetToCsv(dataset);
    if (flags.out === undefined) {
      process.stdout.write(csv);
      return;
    }
    writeFileSync(flags.out, csv);
    writeFileSync(
      `${flags.out}.meta.json`,
      `${JSON.stringify(datasetSidecar(dataset), null, 2)}\n`,
    );
    process.stdout.write(
      `wrote ${flags.out} (${dataset.train.rows} train + ${dataset.test.rows} test rows, ${dataset.features} features, ${dataset.tasks.length} tasks) and ${flags.out}.meta.json\n`,
    );
  },
};
