/**
 * What a lesson claims, as numbers, and how to measure it. Each LessonClaim compares two
 * quantities (or a quantity and a number) measured on the lesson's runs after a number of steps:
 * a Δm sign, an ordering of methods, a gate distance or weight, the first gradient cosine, a method weight,
 * the initial output spread. lessons.test.ts trains every claim over several seeds and names the
 * claim it checks, so a lesson's text can only say what its preset really shows.
 */
import type { LabConfig } from '../config/schema';
import { mergeConfig } from '../config/validate';
import { generateDataset } from '../data/generator';
import type { Dataset } from '../data/types';
import { deltaM } from '../train/deltaM';
import { createTrainer } from '../train/trainer';
import type { RunSpec } from '../io';
import type { Lesson, LessonClaim, Side } from './types';

export interface RunOutcome {
  testLoss: number[];
  trainLoss: number[];
  metrics: { loss: number }[];
  gates: number[][] | null;
  methodWeights: number[] | null;
  initialSpread: number[];
}

function runByLabel(lesson: Lesson, label: string) {
  const run = lesson.preset.runs.find((r) => r.label === label);
  if (!run) throw new Error(`lesson ${lesson.id}: no run labelled "${label}"`);
  return run;
}

/** Trains runs of a lesson and measures claims; caches each (patch, run, steps, seed) outcome. */
export class ClaimMeasurer {
  private readonly outcomes = new Map<string, Promise<RunOutcome>>();
  private readonly data = new Map<string, Dataset>();
  private readonly cosines = new Map<string, Promise<number>>();

  constructor(
    private readonly lesson: Lesson,
    private readonly base: LabConfig,
    private readonly seed: number,
    /** The config of one run over the lesson's (the worker's runConfigs). */
    private readonly resolve: (base: LabConfig, run: RunSpec) => LabConfig,
  ) {}

  private config(side: Side, label: string): { config: LabConfig; dataset: Dataset } {
    const patched = mergeConfig(this.base, side.patch ?? {});
    patched.train = { ...patched.train, weightSeed: this.seed };
    const config = this.resolve(patched, runByLabel(this.lesson, label));
    const key = JSON.stringify(config.data);
    let dataset = this.data.get(key);
    if (!dataset) {
      dataset = generateDataset(config.data);
      this.data.set(key, dataset);
    }
    return { config, dataset };
  }

  private outcome(side: Side, label: string, steps: number): Promise<RunOutcome> {
    const key = JSON.stringify([side.patch ?? {}, label, steps]);
    let found = this.outcomes.get(key);
    if (!found) {
      const { config, dataset } = this.config(side, label);
      found = (async () => {
        const trainer = await createTrainer({ config, dataset });
        try {
          await trainer.train(steps);
          const snap = await trainer.snapshot();
          const test = await trainer.evaluate('test');
          const train = await trainer.evaluate('train');
          return {
            testLoss: test.map((m) => m.loss),
            trainLoss: train.map((m) => m.loss),
            metrics: test,
            gates: snap.gates,
            methodWeights: snap.methodWeights,
            initialSpread: trainer.initialSpread,
          };
        } finally {
          trainer.dispose();
        }
      })();
      this.outcomes.set(key, found);
    }
    return found;
  }

  private firstCosine(side: Side, label: string): Promise<number> {
    const key = JSON.stringify([side.patch ?? {}, label]);
    let found = this.cosines.get(key);
    if (!found) {
      const { config, dataset } = this.config(side, label);
      found = (async () => {
        const trainer = await createTrainer({ config, dataset, options: { conflictEvery: 1 } });
        try {
          await trainer.train(1);
          return (await trainer.snapshot()).conflict?.cosine[0][1] ?? NaN;
        } finally {
          trainer.dispose();
        }
      })();
      this.cosines.set(key, found);
    }
    return found;
  }

  async measure(side: Side, steps: number): Promise<number> {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    switch (side.q) {
      case 'firstCosine':
        return this.firstCosine(side, side.run);
      case 'deltaM': {
        const run = await this.outcome(side, side.run, steps);
        const stl = await this.outcome(side, side.baseline, steps);
        const { dataset } = this.config(side, side.run);
        const gain = deltaM(dataset.tasks, run.metrics, stl.metrics);
        return side.task === undefined ? gain.deltaM : gain.perTask[side.task];
      }
      case 'deltaMGap': {
        const { run, other, baseline } = side;
        const a = await this.measure({ ...side, q: 'deltaM', run, baseline }, steps);
        const b = await this.measure({ ...side, q: 'deltaM', run: other, baseline }, steps);
        return Math.abs(a - b);
      }
      default: {
        const o = await this.outcome(side, side.run, steps);
        if (side.q === 'testLoss')
          return side.task === undefined ? mean(o.testLoss) : o.testLoss[side.task];
        if (side.q === 'gap') return mean(o.testLoss) - mean(o.trainLoss);
        if (side.q === 'initialSpread') return Math.max(...o.initialSpread);
        if (side.q === 'gateDistance') {
          const g = o.gates;
          if (!g || g.length < 2) return NaN;
          return g[0].reduce((a, v, e) => a + Math.abs(v - g[1][e]), 0);
        }
        if (side.q === 'gateWeight') return o.gates?.[side.task]?.[side.unit] ?? NaN;
        const w = o.methodWeights;
        if (!w) return NaN;
        const others = w.filter((_, t) => t !== side.task);
        return w[side.task] / Math.min(...others);
      }
    }
  }

  /** Both sides of a claim and whether it holds. */
  async check(claim: LessonClaim): Promise<{ left: number; right: number; holds: boolean }> {
    const side = async (x: Side) => (x.times ?? 1) * (await this.measure(x, claim.steps));
    const left = await side(claim.left);
    const right = typeof claim.right === 'number' ? claim.right : await side(claim.right);
    const holds = claim.op === '<' ? left < right : left > right;
    return { left, right, holds };
  }
}
