/**
 * `aggregate --method ID --in file.json`: the update a method gives the shared parameters at its
 * FIRST step from its default state, for checking a method against another implementation.
 * The file holds {"grads": number[T][P], "losses"?: number[T], "options"?: {...}}; stdout gets
 * {"direction": number[P], "weights": number[T] | null}. Conventions are LibMTL's (EW sums).
 * Stochastic methods (RLW, PCGrad, GradVac, GradDrop) draw from a seeded generator: options.seed,
 * default 1. When a method clips (Nash-MTL's max_norm) the direction is clipped and the weights
 * are scaled by the same factor, so direction = Σ weights_i grads_i always holds.
 * Losses are required only by methods that use them (e.g. GradNorm, DB-MTL, FAMO, STCH, IGBv1).
 * `--loss-transform log|igbv1|igbv2` stacks a loss transform under the method (needs "losses"); at
 * the first step IGBv1 has no base yet, so it equals log-losses there: grads_i are scaled by 1/ℓ_i;
 * IGBv2 is in its random warm-up there: grads_i are scaled by w_i/ℓ_i with w = T·softmax(N(0, I))
 * from the seeded generator (options.seed).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { seededUniform } from '../../core/methods/random';
import { resolveOptions } from '../../core/methods/registry';
import { LOSS_TRANSFORM_IDS, type LossTransformId } from '../../core/methods/transforms/ids';
import { resolveMethod } from '../../core/train/resolveMethod';
import type { MethodInput } from '../../core/methods/types';
import { parseFlags, type Command } from '../command';
import { errorMessage } from '../../core/errorMessage';

const DEFAULT_SEED = 1;
/** LibMTL's default learning rate; only matters for learned weights, which start at their init. */
const LEARNING_RATE = 1e-4;

const fileSchema = z
  .object({
    grads: z.array(z.array(z.number()).min(1)).min(1),
    losses: z.array(z.number()).optional(),
    options: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  })
  .strict();

export interface AggregateOutput {
  direction: number[];
  weights: number[] | null;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? `"${issue.path.join('.')}"` : 'the file';
  return `${where}: ${issue?.message ?? 'invalid'}`;
}

/** Run one method's first step on the parsed JSON content of an input file. */
export function aggregateOnce(
  methodId: string,
  content: unknown,
  lossTransform: LossTransformId = 'none',
): AggregateOutput {
  const definition = resolveMethod({ method: methodId, lossTransform });
  const parsed = fileSchema.safeParse(content);
  if (!parsed.success) {
    throw new Error(
      `invalid aggregate input, ${describeIssue(parsed.error)} (expected {"grads": number[T][P], "losses"?: number[T], "options"?: {...}})`,
    );
  }
  const { grads, losses, options = {} } = parsed.data;
  const tasks = grads.length;
  const params = grads[0].length;
  grads.forEach((row, i) => {
    if (row.length !== params)
      throw new Error(`"grads" row ${i} has ${row.length} entries, expected ${params} like row 0`);
  });
  if (losses && losses.length !== tasks)
    throw new Error(`"losses" has ${losses.length} entries, expected one per task (${tasks})`);
  const { seed = DEFAULT_SEED, ...methodOptions } = options;
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new Error(`option "seed" must be an integer (got ${JSON.stringify(seed)})`);

  const rows = grads.map((row) => Float64Array.from(row));
  const gram = new Float64Array(tasks * tasks);
  for (let i = 0; i < tasks; i++) {
    for (let j = 0; j < tasks; j++)
      gram[i * tasks + j] = rows[i].reduce((s, v, k) => s + v * rows[j][k], 0);
  }
  const instance = definition.create({
    tasks,
    options: resolveOptions(definition, methodOptions),
    learningRate: LEARNING_RATE,
    random: seededUniform(seed),
  });
  const input: MethodInput = {
    step: 0,
    stepsPerEpoch: 1,
    gram,
    jacobian: rows,
    ...(losses ? { losses: Float64Array.from(losses) } : {}),
  };
  const result = instance.aggregate(input);

  let weights = result.weights ? Array.from(result.weights) : null;
  let direction: number[];
  if (weights) {
    const w = weights;
    direction = Array.from({ length: params }, (_, k) =>
      rows.reduce((s, row, i) => s + w[i] * row[k], 0),
    );
  } else if (result.direction && result.direction.length === params) {
    direction = Array.from(result.direction);
  } else {
    throw new Error(`method "${methodId}" returned neither weights nor a ${params}-long direction`);
  }
  const norm = Math.sqrt(direction.reduce((s, v) => s + v * v, 0));
  if (result.clipNorm !== undefined && norm > result.clipNorm) {
    const factor = result.clipNorm / norm;
    direction = direction.map((v) => v * factor);
    weights = weights?.map((v) => v * factor) ?? null;
  }
  if (![...direction, ...(weights ?? [])].every(Number.isFinite)) {
    throw new Error(`method "${methodId}" produced a non-finite update for this input`);
  }
  return { direction, weights };
}

const FLAGS = {
  method: { type: 'string' },
  in: { type: 'string' },
  'loss-transform': { type: 'string' },
} as const;

function transformFlag(value: string | undefined): LossTransformId {
  if (value === undefined) return 'none';
  const id = LOSS_TRANSFORM_IDS.find((t) => t === value);
  if (!id)
    throw new Error(
      `--loss-transform must be one of ${LOSS_TRANSFORM_IDS.join(', ')} (got "${value}")`,
    );
  return id;
}

export const aggregateCommand: Command = {
  name: 'aggregate',
  summary: "print one method's first-step shared update for grads in a JSON file",
  async run(argv) {
    const flags = parseFlags(argv, FLAGS);
    if (!flags.method) throw new Error('--method is required (e.g. --method upgrad)');
    if (!flags.in)
      throw new Error(
        '--in is required: a JSON file with {"grads": number[T][P], "losses"?: number[T], "options"?: {...}}',
      );
    const transform = transformFlag(flags['loss-transform']);
    resolveMethod({ method: flags.method, lossTransform: transform });
    let text: string;
    try {
      text = readFileSync(flags.in, 'utf8');
    } catch {
      throw new Error(`cannot read --in file "${flags.in}"`);
    }
    let content: unknown;
    try {
      content = JSON.parse(text);
    } catch (error) {
      throw new Error(`--in file "${flags.in}" is not valid JSON (${errorMessage(error)})`);
    }
    process.stdout.write(`${JSON.stringify(aggregateOnce(flags.method, content, transform))}\n`);
  },
};
