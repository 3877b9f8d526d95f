/**
 * The description stored inside every MTL Lab weights file, in both formats: the config that
 * built the model, the tasks, the input features with their normalisation, the activations and
 * the list of parameters. A file is only loaded when this description is valid and matches its
 * tensors (and, when asked, the current architecture).
 */
import { z } from 'zod';
import { SCHEMA_VERSION, TASK_KINDS, type LabConfig, type TaskKind } from '../config/schema';
import { validateConfig } from '../config/validate';
import { WeightFileError, formatShape, isRecord, shown, type NamedTensor } from './weightTensors';

export const MODEL_FORMAT = 'mtl-lab';

export interface ModelMeta {
  format: typeof MODEL_FORMAT;
  schemaVersion: number;
  config: LabConfig;
  /**
   * What the model was trained on. On an imported table ('csv') config.data still describes the
   * generator settings, so only the tasks and features below describe the data. Files written
   * before this field existed have none (generated data).
   */
  dataSource?: 'generator' | 'csv';
  /**
   * labelMean/labelStd: a regression task trained on (label − mean) ÷ std (CSV import); outputs
   * are converted back with them. Absent = the label as is.
   */
  tasks: { name: string; kind: TaskKind; outputs: number; labelMean?: number; labelStd?: number }[];
  /** Input width of the network (informative plus irrelevant feature columns). */
  features: number;
  featureNames: string[];
  featureMean: number[];
  featureStd: number[];
  /** e.g. {hidden: 'relu', gate: 'softmax', output: 'linear'}. */
  activations: Record<string, string>;
  layers: {
    name: string;
    shape: number[];
    shared: boolean;
    /**
     * How a fresh parameter is drawn under config.model.init (src/core/model/init.ts), so an
     * exported PyTorch model starts from the lab's distribution. Absent in older files.
     */
    init?: InitDistribution;
  }[];
}

/** A parameter's initial distribution (the same union as model/init.ts's Distribution). */
export type InitDistribution =
  | { kind: 'uniform'; bound: number }
  | { kind: 'normal'; std: number }
  | { kind: 'constant'; value: number }
  | { kind: 'stitch'; self: number };

const initShape = z.union([
  z.object({ kind: z.literal('uniform'), bound: z.number().min(0) }),
  z.object({ kind: z.literal('normal'), std: z.number().min(0) }),
  z.object({ kind: z.literal('constant'), value: z.number() }),
  z.object({ kind: z.literal('stitch'), self: z.number() }),
]);

export interface ParamShape {
  name: string;
  shape: number[];
}

const metaShape = z.object({
  format: z.literal(MODEL_FORMAT),
  schemaVersion: z.number().int().min(1),
  config: z.unknown(),
  dataSource: z.enum(['generator', 'csv']).optional(),
  tasks: z
    .array(
      z.object({
        name: z.string(),
        kind: z.enum(TASK_KINDS),
        outputs: z.number().int().min(1),
        labelMean: z.number().optional(),
        labelStd: z.number().positive().optional(),
      }),
    )
    .min(1),
  features: z.number().int().min(1),
  featureNames: z.array(z.string()),
  featureMean: z.array(z.number()),
  featureStd: z.array(z.number().min(0)),
  activations: z.record(z.string(), z.string()),
  layers: z.array(
    z.object({
      name: z.string().min(1),
      shape: z.array(z.number().int().min(0)),
      shared: z.boolean(),
      init: initShape.optional(),
    }),
  ),
});

function issuePath(path: PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** Checks a model description read from a file; throws WeightFileError saying what is wrong. */
export function validateMeta(raw: unknown): ModelMeta {
  if (!isRecord(raw) || raw.format !== MODEL_FORMAT) {
    throw new WeightFileError(
      'the file has no MTL Lab model description (format "mtl-lab"); it was made by another tool',
    );
  }
  if (typeof raw.schemaVersion === 'number' && raw.schemaVersion > SCHEMA_VERSION) {
    throw new WeightFileError(
      `the file was made by a newer MTL Lab (schema v${raw.schemaVersion}; this is v${SCHEMA_VERSION}); update the app to load it`,
    );
  }
  const parsed = metaShape.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${issuePath(i.path)}: ${i.message}`);
    throw new WeightFileError(`the model description is damaged: ${issues.join('; ')}`);
  }
  const config = validateConfig(parsed.data.config);
  if (!config.ok) {
    throw new WeightFileError(
      `the experiment config stored in the file is invalid: ${config.errors.slice(0, 3).join('; ')}`,
    );
  }
  const meta: ModelMeta = { ...parsed.data, format: MODEL_FORMAT, config: config.value };
  const F = meta.features;
  for (const key of ['featureNames', 'featureMean', 'featureStd'] as const) {
    if (meta[key].length !== F) {
      throw new WeightFileError(
        `the model description lists ${meta[key].length} ${key} for ${F} features`,
      );
    }
  }
  if (meta.dataSource !== 'csv' && meta.tasks.length !== meta.config.data.tasks) {
    throw new WeightFileError(
      `the model description lists ${meta.tasks.length} tasks but its config has ${meta.config.data.tasks}`,
    );
  }
  return meta;
}

function firstProblems(problems: string[]): string {
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return problems.slice(0, 3).join('; ') + more;
}

/** Compares parameter lists by name and shape; returns messages like `"x" is [2] in the file but [3] ...`. */
export function shapeProblems(
  found: readonly ParamShape[],
  wanted: readonly ParamShape[],
  foundIn: string,
  wantedIn: string,
): string[] {
  const problems: string[] = [];
  const have = new Map(found.map((p) => [p.name, p.shape]));
  const need = new Map(wanted.map((p) => [p.name, p.shape]));
  for (const [name, shape] of need) {
    const actual = have.get(name);
    if (actual === undefined)
      problems.push(`${wantedIn} needs parameter ${shown(name)}, which ${foundIn} lacks`);
    else if (formatShape(actual) !== formatShape(shape)) {
      problems.push(
        `parameter ${shown(name)} is ${formatShape(actual)} in ${foundIn} but ${formatShape(shape)} in ${wantedIn}`,
      );
    }
  }
  for (const name of have.keys()) {
    if (!need.has(name))
      problems.push(`${foundIn} has parameter ${shown(name)}, which ${wantedIn} does not have`);
  }
  return problems;
}

/** The tensors must be exactly the layers the description lists. */
export function assertTensorsMatchMeta(meta: ModelMeta, tensors: readonly NamedTensor[]): void {
  const problems = shapeProblems(tensors, meta.layers, 'the tensor data', 'the model description');
  if (problems.length)
    throw new WeightFileError(`the file is inconsistent: ${firstProblems(problems)}`);
}

/** The file must fit the model the app is about to load it into. */
export function assertMatchesExpected(
  meta: ModelMeta,
  expected: {
    config: LabConfig;
    paramShapes: readonly ParamShape[];
    tasks?: readonly { name: string; labelScale?: { mean: number; std: number } }[];
  },
): void {
  const fileArch = meta.config.model.architecture;
  const appArch = expected.config.model.architecture;
  if (fileArch !== appArch) {
    throw new WeightFileError(
      `the file holds a ${fileArch} model but the current experiment uses ${appArch}; switch the architecture to ${fileArch} or load the file's config`,
    );
  }
  const expectedTasks = expected.tasks?.length ?? expected.config.data.tasks;
  if (meta.tasks.length !== expectedTasks) {
    throw new WeightFileError(
      `the file was trained on ${meta.tasks.length} tasks but the current experiment has ${expectedTasks}`,
    );
  }
  expected.tasks?.forEach((task, t) => {
    const file = meta.tasks[t];
    const mean = task.labelScale?.mean ?? 0;
    const std = task.labelScale?.std ?? 1;
    const same = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    if (!same(file.labelMean ?? 0, mean) || !same(file.labelStd ?? 1, std)) {
      throw new WeightFileError(
        `task "${task.name}": the file was trained on targets scaled by mean ${file.labelMean ?? 0} and sd ${file.labelStd ?? 1}, but the loaded data uses mean ${mean} and sd ${std}; its predictions would be in the wrong units (import the same table, with the same target standardisation)`,
      );
    }
  });
  const problems = shapeProblems(
    meta.layers,
    expected.paramShapes,
    'the file',
    'the current model',
  );
  if (problems.length)
    throw new WeightFileError(
      `the weights do not fit the current model: ${firstProblems(problems)}`,
    );
}
