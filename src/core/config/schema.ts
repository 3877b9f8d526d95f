/**
 * The one typed, versioned experiment config. UI controls, URL state, CLI flags, export metadata
 * and validation messages all derive from this file. Cross-field rules (D >= T, the range of rho,
 * one task spec per task) live in `validate.ts` so their messages can say what to change.
 */
import { z } from 'zod';
import { PROCEDURE_IDS } from '../methods/procedures/ids';
import { LOSS_TRANSFORM_IDS } from '../methods/transforms/ids';

// No `new Function` probe or compiled parsers: the app's Content-Security-Policy forbids eval, and
// zod's caught probe would still be reported as a violation (src/ui/reliability/contentSecurityPolicy.ts).
z.config({ jitless: true });

/**
 * v2 added model.init (default 'pytorch'). Configs and links of v1 drew their weights with the
 * scheme now called 'he-normal'; they are read as v1 and keep it (validate.ts, io/link.ts).
 */
export const SCHEMA_VERSION = 2;

export const TASK_KINDS = ['regression', 'binary', 'multiclass'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const LIMITS = {
  tasks: { min: 1, max: 16 },
  features: { min: 1, max: 256 },
  samples: { min: 100, max: 200_000 },
  degree: { min: 1, max: 6 },
  noise: { min: 0, max: 10 },
  testFraction: { min: 0.05, max: 0.9 },
  hidden: { min: 1, max: 512 },
  batchSize: { min: 1, max: 4096 },
  learningRate: { min: 1e-6, max: 1e4 },
  featureGroups: { max: 16 },
} as const;

/** Settings of one task of the generator. Fields beyond degree and noise are MTL Lab extensions. */
export const taskSpecSchema = z.object({
  degree: z.number().int().min(LIMITS.degree.min).max(LIMITS.degree.max),
  noise: z.number().min(LIMITS.noise.min).max(LIMITS.noise.max),
  kind: z.enum(TASK_KINDS).default('regression'),
  /** Number of classes for multiclass tasks. */
  classes: z.number().int().min(2).max(10).default(3),
  /** Share of the positive class (binary) taken from the latent score's upper quantile. */
  positiveRate: z.number().min(0.01).max(0.99).default(0.5),
  /** Multiplier on the regression label (loss-scale imbalance). */
  scale: z.number().min(1e-3).max(1e3).default(1),
  /** Fraction of training rows that carry this task's label (low-resource tasks). */
  labelledFraction: z.number().min(0.01).max(1).default(1),
});
export type TaskSpec = z.infer<typeof taskSpecSchema>;

/** Largest column index of any data: the generator's D informative plus its noise columns. */
export const MAX_FEATURE_INDEX = LIMITS.features.max + 256 - 1;

export const dataSchema = z.object({
  tasks: z.number().int().min(LIMITS.tasks.min).max(LIMITS.tasks.max),
  features: z.number().int().min(LIMITS.features.min).max(LIMITS.features.max),
  /** Cosine similarity between every pair of task weight vectors (MultiTab-Bench's rho). */
  rho: z.number().min(-1).max(1),
  /** Full T x T similarity matrix; when null, P = (1 - rho) I + rho 11^T. */
  correlation: z
    .array(z.array(z.number().min(-1).max(1)))
    .nullable()
    .default(null),
  taskSpecs: z.array(taskSpecSchema),
  /** Extra pure-noise feature columns appended after the D informative ones. */
  irrelevantFeatures: z.number().int().min(0).max(256).default(0),
  /** Correlation between every pair of feature columns (0 = i.i.d. as in MultiTab-Bench). */
  featureCorrelation: z.number().min(0).max(0.95).default(0),
  samples: z.number().int().min(LIMITS.samples.min).max(LIMITS.samples.max),
  testFraction: z.number().min(LIMITS.testFraction.min).max(LIMITS.testFraction.max),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});
export type DataConfig = z.infer<typeof dataSchema>;

export const ARCHITECTURE_IDS = [
  'shared-bottom',
  'stl',
  'mmoe',
  'cgc',
  'ple',
  'cross-stitch',
  'multitab-net',
  'dsmtl',
  'sparse-moe',
] as const;
export type ArchitectureId = (typeof ARCHITECTURE_IDS)[number];

/**
 * How the initial weights are drawn (src/core/model/init.ts has the one rule per layer type):
 * 'pytorch' as each layer's PyTorch module does by default (nn.Linear U(±1/√fan_in) for weight
 * and bias), 'he-normal' the lab's scheme before schema v2, 'glorot-uniform' the Keras/tfjs default.
 */
export const INIT_SCHEMES = ['pytorch', 'he-normal', 'glorot-uniform'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

/** One feature group: a name a person reads and the input columns (0-based) it holds. */
export const featureGroupSchema = z.object({
  name: z.string().trim().min(1, 'a feature group needs a name').max(40),
  columns: z
    .array(z.number().int().min(0).max(MAX_FEATURE_INDEX))
    .min(1, 'a feature group needs at least one column'),
});
export type FeatureGroup = z.infer<typeof featureGroupSchema>;

/** Cross-group rules: names unique, no column in two groups (or twice in one). */
function featureGroupIssues(groups: FeatureGroup[], ctx: z.RefinementCtx): void {
  const owner = new Map<number, string>();
  const names = new Set<string>();
  groups.forEach((group, m) => {
    if (names.has(group.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [m, 'name'],
        message: `two feature groups are named "${group.name}"; give each group its own name`,
      });
    }
    names.add(group.name);
    for (const column of group.columns) {
      const other = owner.get(column);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [m, 'columns'],
          message:
            other === group.name
              ? `feature group "${group.name}" lists column x${column + 1} twice`
              : `column x${column + 1} is in feature groups "${other}" and "${group.name}"; a column belongs to one group at most`,
        });
      }
      owner.set(column, group.name);
    }
  });
}

const hiddenSizes = z.array(z.number().int().min(LIMITS.hidden.min).max(LIMITS.hidden.max)).max(4);

export const modelSchema = z.object({
  architecture: z.enum(ARCHITECTURE_IDS),
  /** Shared trunk (shared-bottom), each expert (MoE), each column (STL, cross-stitch). */
  hidden: hiddenSizes.min(1),
  /** Per-task tower hidden sizes before the output layer. */
  tower: hiddenSizes,
  experts: z.number().int().min(1).max(16).default(4),
  sharedExperts: z.number().int().min(1).max(8).default(1),
  taskExperts: z.number().int().min(1).max(8).default(1),
  levels: z.number().int().min(1).max(3).default(2),
  embedDim: z.number().int().min(2).max(64).default(8),
  heads: z.number().int().min(1).max(8).default(2),
  ffHidden: z.number().int().min(4).max(512).default(32),
  taskMask: z.enum(['none', 'TxT']).default('TxT'),
  /**
   * 'same' starts every task's tower (and STL column) from identical weights with a small output
   * layer, so early gradient cosines follow the tasks' similarity instead of the random signs of
   * independently drawn heads (used by the conflict lessons).
   */
  headInit: z.enum(['independent', 'same']).default('independent'),
  init: z.enum(INIT_SCHEMES).default('pytorch'),
  /**
   * MMoEEx (MMoE, CGC, PLE): a fraction of the experts is assigned to random tasks; exclusivity
   * shows each only to its owner's gate, exclusion hides it from its owner (model/exclusivity.ts).
   */
  exclusivity: z.enum(['none', 'exclusivity', 'exclusion']).default('none'),
  exclusivityFraction: z.number().min(0).max(1).default(0.75),
  /** mask: closed weights exactly 0 (ours); pinned: closed logits pinned to 0 (official code). */
  exclusivityGate: z.enum(['mask', 'pinned']).default('mask'),
  exclusivitySeed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /**
   * Deep Safe MTL's gate (official SMTL code `--version`): softmax, (a_0, a_1) = softmax(α_t)
   * from 0 (v1); sigmoid, a_k = sigmoid(α_t,k) independently from 0.5 (v2); lite, a hard
   * Gumbel choice of one encoder from p = sigmoid(α_t), α_t from 0 (v3).
   */
  safeGate: z.enum(['softmax', 'sigmoid', 'lite']).default('softmax'),
  /** Task-aware sparse MoE (architectures/sparse-moe): experts kept per (row, task). */
  moeK: z.number().int().min(1).max(16).default(2),
  /**
   * Its router: task (one gate per task on the input), embedding (one shared gate on the input
   * and a learned task embedding), task-level (a learned logit vector per task, no input).
   */
  moeGate: z.enum(['task', 'embedding', 'task-level']).default('task'),
  /** Noisy top-k (Shazeer et al. 2017) while training, or none. */
  moeNoise: z.enum(['noisy', 'none']).default('noisy'),
  /** α of the Switch load-balancing loss α · E · Σ_e f_e P_e added to the training loss. */
  moeBalance: z.number().min(0).max(1).default(0.01),
  /**
   * Input features switched off (0-based columns, as the data has them): the network sees them
   * at their mean, 0 after standardisation (data/featuresOff.ts). A model field, not a data one,
   * so switching one off keeps a loaded CSV and the generated rows and only starts a new run;
   * indices are checked against the loaded data's feature count when a run starts.
   */
  inputsOff: z
    .array(z.number().int().min(0).max(MAX_FEATURE_INDEX))
    .refine((off) => new Set(off).size === off.length, 'lists a feature twice')
    .default([]),
  /**
   * Feature groups (FULLER's intra calibration, model/featureGroups.ts): named, disjoint lists of
   * input columns (0-based, as the data has them). When set, the architectures that read them
   * (`uses` lists 'featureGroups') put one small ReLU encoder of `groupWidth` units on each group
   * and feed the encodings, then the ungrouped columns, to their bottom. Columns are checked
   * against the loaded data's feature count when a run starts.
   */
  featureGroups: z
    .array(featureGroupSchema)
    .max(LIMITS.featureGroups.max)
    .superRefine(featureGroupIssues)
    .default([]),
  /** Units of each feature group's encoder. */
  groupWidth: z.number().int().min(1).max(64).default(8),
});
export type ModelConfig = z.infer<typeof modelSchema>;

export const optionValueSchema = z.union([z.number(), z.string(), z.boolean()]);
export type OptionValue = z.infer<typeof optionValueSchema>;

/**
 * Marks a field that a running trainer takes over at its next chunk, keeping the network, its
 * step, optimizer moments and loss history (liveSettings.ts); any other change starts a new run.
 */
const LIVE = { live: true } as const;

export const trainSchema = z.object({
  method: z.string().min(1),
  /** Hyperparameters of the chosen method; missing keys take the method's defaults. */
  methodOptions: z.record(z.string(), optionValueSchema).default({}).meta(LIVE),
  /**
   * A loss transform under the method (IGB's composition): the method balances w_i·log ℓ_i.
   * Its options live in methodOptions beside the method's own.
   */
  lossTransform: z.enum(LOSS_TRANSFORM_IDS).default('none'),
  /**
   * A training procedure around the method (methods/procedures): flat-region SAM or MMoEEx's
   * two-step FOMAML. Its options live in methodOptions beside the method's own.
   */
  procedure: z.enum(PROCEDURE_IDS).default('none'),
  learningRate: z.number().min(LIMITS.learningRate.min).max(LIMITS.learningRate.max).meta(LIVE),
  batchSize: z.number().int().min(LIMITS.batchSize.min).max(LIMITS.batchSize.max),
  /** Seed of the initial weights and of batch order; separate from the data seed. */
  weightSeed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});
export type TrainConfig = z.infer<typeof trainSchema>;

export const configSchema = z.object({
  version: z.literal(SCHEMA_VERSION),
  data: dataSchema,
  model: modelSchema,
  train: trainSchema,
});
export type LabConfig = z.infer<typeof configSchema>;
