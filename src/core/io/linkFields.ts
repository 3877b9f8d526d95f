/**
 * The one table of link fields: link key <-> config path <-> codec. Encoding, decoding, the
 * completeness test and any UI that names link keys all read this table, so adding a schema field
 * means adding one line here (and the test fails until someone does).
 */
import { z } from 'zod';
import { resizeTaskSpecs } from '../config/defaults';
import {
  ARCHITECTURE_IDS,
  INIT_SCHEMES,
  TASK_KINDS,
  dataSchema,
  modelSchema,
  taskSpecSchema,
  trainSchema,
  type LabConfig,
  type TaskSpec,
} from '../config/schema';
import { PROCEDURE_IDS } from '../methods/procedures/ids';
import { LOSS_TRANSFORM_IDS } from '../methods/transforms/ids';
import { enumCodec, listCodec, numberCodec, textCodec, type Codec } from './linkCodecs';
import { correlationCodec } from './linkCorrelation';
import { featureGroupsCodec } from './linkFeatureGroups';

export interface LinkField {
  /** Key in the link, e.g. `rho`. */
  key: string;
  /** Config path, e.g. `data.rho`; per-task fields use `data.taskSpecs[].degree`. */
  path: string;
  /** Always written (the readable core of a link); other fields only when not at their default. */
  always: boolean;
  /** Link text for this field of `config`, or null when it equals `baseline` and may be left out. */
  write(config: LabConfig, baseline: LabConfig): string | null;
  /** Parse `raw` into `config` (decoded in table order); returns messages for what was rejected. */
  read(raw: string, config: LabConfig): string[];
  /** The current value as a person reads it, for "using ..." messages. */
  show(config: LabConfig): string;
}

/** Deep equality that tells -0 from 0, so a -0 is written rather than left to the default 0. */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  return Object.is(a, b);
}

type Section = 'data' | 'model' | 'train';

/** Typed access to `config[section][prop]`, named by its config path. */
interface Access<T> {
  path: string;
  get: (c: LabConfig) => T;
  set: (c: LabConfig, v: T) => void;
}

function at<S extends Section, K extends keyof LabConfig[S] & string>(
  section: S,
  prop: K,
): Access<LabConfig[S][K]> {
  return {
    path: `${section}.${prop}`,
    get: (c) => c[section][prop],
    set: (c, v) => {
      c[section][prop] = v;
    },
  };
}

/** A whole-value field: a rejected value leaves the default in place. */
function field<T>(
  key: string,
  { path, get, set }: Access<T>,
  codec: Codec<T>,
  schema: z.ZodType<T>,
  always = false,
): LinkField {
  return {
    key,
    path,
    always,
    write: (c, base) => (always || !same(get(c), get(base)) ? codec.encode(get(c)) : null),
    show: (c) => codec.encode(get(c)) || '(none)',
    read(raw, c) {
      const parsed = codec.decode(raw);
      const checked = parsed.ok ? schema.safeParse(parsed.value) : null;
      if (parsed.ok && checked?.success) {
        set(c, parsed.value);
        return [];
      }
      const reason = parsed.ok ? (checked?.error?.issues[0]?.message ?? 'invalid') : parsed.reason;
      return [`${reason}; using ${codec.encode(get(c)) || '(none)'}`];
    },
  };
}

/** One value per task, comma-separated; bad items fall back to that task's default alone. */
function taskField<K extends keyof TaskSpec>(
  key: string,
  prop: K,
  codec: Codec<TaskSpec[K]>,
  always = false,
): LinkField {
  const column = (c: LabConfig) => c.data.taskSpecs.map((s) => s[prop]);
  const show = (values: TaskSpec[K][]) => values.map((v) => codec.encode(v)).join(',');
  return {
    key,
    path: `data.taskSpecs[].${String(prop)}`,
    always,
    write: (c, base) => (always || !same(column(c), column(base)) ? show(column(c)) : null),
    show: (c) => show(column(c)),
    read(raw, c) {
      const specs = c.data.taskSpecs;
      const parts = raw === '' ? [] : raw.split(',');
      const problems: string[] = [];
      if (parts.length !== specs.length) {
        problems.push(
          `expected ${specs.length} values (one per task), got ${parts.length}; ` +
            (parts.length > specs.length
              ? 'dropping the extra ones'
              : `using ${show(column(c).slice(parts.length))} for the rest`),
        );
      }
      parts.slice(0, specs.length).forEach((part, t) => {
        const parsed = codec.decode(part);
        if (parsed.ok) specs[t] = { ...specs[t], [prop]: parsed.value };
        else problems.push(`task_${t}: ${parsed.reason}; using ${codec.encode(specs[t][prop])}`);
      });
      return problems;
    },
  };
}

type NumberSchema = z.ZodNumber | z.ZodDefault<z.ZodNumber>;
const plain = (schema: NumberSchema): z.ZodNumber =>
  schema instanceof z.ZodDefault ? schema.unwrap() : schema;
/** A number field whose bounds come from its schema. */
const num = (key: string, access: Access<number>, schema: NumberSchema, always = false) =>
  field(key, access, numberCodec(plain(schema)), plain(schema), always);
const task = taskSpecSchema.shape;
const data = dataSchema.shape;
const model = modelSchema.shape;
const train = trainSchema.shape;
const intList = listCodec(numberCodec(model.tower.element));
const tasks = at('data', 'tasks');

export const LINK_FIELDS: readonly LinkField[] = [
  // Per-task fields decoded later must see one (default) spec per task.
  num(
    'T',
    {
      ...tasks,
      set: (c, v) => {
        tasks.set(c, v);
        c.data.taskSpecs = resizeTaskSpecs(c.data.taskSpecs, v);
      },
    },
    data.tasks,
    true,
  ),
  num('D', at('data', 'features'), data.features, true),
  num('rho', at('data', 'rho'), data.rho, true),
  {
    ...field('corr', at('data', 'correlation'), correlationCodec(), data.correlation),
    read(raw, c) {
      const parsed = correlationCodec(c.data.tasks).decode(raw);
      if (parsed.ok) c.data.correlation = parsed.value;
      return parsed.ok ? [] : [`${parsed.reason}; using rho instead`];
    },
  },
  taskField('deg', 'degree', numberCodec(task.degree), true),
  taskField('noise', 'noise', numberCodec(task.noise), true),
  taskField(
    'kind',
    'kind',
    enumCodec(TASK_KINDS, { regression: 'r', binary: 'b', multiclass: 'm' }),
  ),
  taskField('cls', 'classes', numberCodec(plain(task.classes))),
  taskField('pos', 'positiveRate', numberCodec(plain(task.positiveRate))),
  taskField('scale', 'scale', numberCodec(plain(task.scale))),
  taskField('lab', 'labelledFraction', numberCodec(plain(task.labelledFraction))),
  num('irr', at('data', 'irrelevantFeatures'), data.irrelevantFeatures),
  num('fcor', at('data', 'featureCorrelation'), data.featureCorrelation),
  num('N', at('data', 'samples'), data.samples, true),
  num('tf', at('data', 'testFraction'), data.testFraction, true),
  num('seed', at('data', 'seed'), data.seed, true),
  field('arch', at('model', 'architecture'), enumCodec(ARCHITECTURE_IDS), model.architecture, true),
  field('hid', at('model', 'hidden'), intList, model.hidden, true),
  field('tow', at('model', 'tower'), intList, model.tower, true),
  num('E', at('model', 'experts'), model.experts),
  num('se', at('model', 'sharedExperts'), model.sharedExperts),
  num('te', at('model', 'taskExperts'), model.taskExperts),
  num('lv', at('model', 'levels'), model.levels),
  num('emb', at('model', 'embedDim'), model.embedDim),
  num('nh', at('model', 'heads'), model.heads),
  num('ff', at('model', 'ffHidden'), model.ffHidden),
  field(
    'mask',
    at('model', 'taskMask'),
    enumCodec(['none', 'TxT'] as const),
    model.taskMask.unwrap(),
  ),
  field(
    'hi',
    at('model', 'headInit'),
    enumCodec(['independent', 'same'] as const),
    model.headInit.unwrap(),
  ),
  field('init', at('model', 'init'), enumCodec(INIT_SCHEMES), model.init.unwrap()),
  field(
    'ex',
    at('model', 'exclusivity'),
    enumCodec(['none', 'exclusivity', 'exclusion'] as const),
    model.exclusivity.unwrap(),
  ),
  num('exp', at('model', 'exclusivityFraction'), model.exclusivityFraction),
  field(
    'exg',
    at('model', 'exclusivityGate'),
    enumCodec(['mask', 'pinned'] as const),
    model.exclusivityGate.unwrap(),
  ),
  num('exs', at('model', 'exclusivitySeed'), model.exclusivitySeed),
  field(
    'sg',
    at('model', 'safeGate'),
    enumCodec(model.safeGate.unwrap().options),
    model.safeGate.unwrap(),
  ),
  num('mk', at('model', 'moeK'), model.moeK),
  field(
    'mg',
    at('model', 'moeGate'),
    enumCodec(['task', 'embedding', 'task-level'] as const),
    model.moeGate.unwrap(),
  ),
  field(
    'mn',
    at('model', 'moeNoise'),
    enumCodec(['noisy', 'none'] as const),
    model.moeNoise.unwrap(),
  ),
  num('mb', at('model', 'moeBalance'), model.moeBalance),
  field(
    'off',
    at('model', 'inputsOff'),
    listCodec(numberCodec(model.inputsOff.unwrap().element)),
    model.inputsOff.unwrap(),
  ),
  field(
    'fg',
    at('model', 'featureGroups'),
    featureGroupsCodec(numberCodec(model.inputsOff.unwrap().element)),
    model.featureGroups.unwrap(),
  ),
  num('gw', at('model', 'groupWidth'), model.groupWidth),
  field('m', at('train', 'method'), textCodec, train.method, true),
  field(
    'lt',
    at('train', 'lossTransform'),
    enumCodec(LOSS_TRANSFORM_IDS),
    train.lossTransform.unwrap(),
  ),
  field('tp', at('train', 'procedure'), enumCodec(PROCEDURE_IDS), train.procedure.unwrap()),
  num('lr', at('train', 'learningRate'), train.learningRate, true),
  num('bs', at('train', 'batchSize'), train.batchSize, true),
  num('ws', at('train', 'weightSeed'), train.weightSeed, true),
];

/** Method options travel as `mo.<name>=<value>` (see linkOptions.ts); listed for completeness. */
export const METHOD_OPTIONS_PATH = 'train.methodOptions';
export const METHOD_OPTIONS_PREFIX = 'mo.';
