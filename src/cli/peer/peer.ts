/**
 * `npm run peer -- --libmtl <LibMTL checkout>`: the lab against LibMTL's own Trainer.
 *
 * Both train on the same generated data (the lab's CSV export), the same networks (shared-bottom
 * = LibMTL's HPS, MMoE), torch-default initialisation on both sides (the lab's `pytorch` scheme;
 * weights are drawn independently, from the same distribution), Adam, the same batch of training
 * rows at every step (the lab's batch sampler, written out for LibMTL) and the same step count,
 * over several seeds. Prints per-task test MSE mean ± sd per side, Δm against each side's own
 * single-task runs, the method ranking per side, and a Welch test per mean with a Bonferroni
 * correction over all of them. Not part of `npm test`: it needs python3 with PyTorch and LibMTL
 * (src/cli/peer/libmtl_runner.py says how LibMTL's CUDA and optional imports are handled).
 *
 * Flags: --libmtl <path> (required) --seeds 4 --steps 300 --archs shared-bottom,mmoe
 *        --methods ew,uw,pcgrad,mgda,cagrad --rho -0.3 --tasks 2 --init pytorch
 *        --python python3 --out <report.json> --work <dir>
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig, defaultTaskSpec } from '../../core/config/defaults';
import {
  INIT_SCHEMES,
  type ArchitectureId,
  type InitScheme,
  type LabConfig,
} from '../../core/config/schema';
import { validateConfig } from '../../core/config/validate';
import { datasetToCsv } from '../../core/data/csvExport';
import { generateDataset } from '../../core/data/generator';
import type { Dataset } from '../../core/data/types';
import { createRandom, deriveSeed, permutation } from '../../core/model/random';
import { tf } from '../../core/tf';
import { deltaM } from '../../core/train/deltaM';
import { createTrainer } from '../../core/train/trainer';
import { numberFlag, parseFlags } from '../command';
import { formatReport, type PeerResult, type Side } from './report';
import { errorMessage } from '../../core/errorMessage';

const OPTIONS = {
  libmtl: { type: 'string' },
  seeds: { type: 'string' },
  steps: { type: 'string' },
  archs: { type: 'string' },
  methods: { type: 'string' },
  rho: { type: 'string' },
  tasks: { type: 'string' },
  init: { type: 'string' },
  python: { type: 'string' },
  out: { type: 'string' },
  work: { type: 'string' },
} as const;

const ARCHS: ArchitectureId[] = ['shared-bottom', 'mmoe'];
const METHODS = ['ew', 'uw', 'pcgrad', 'mgda', 'cagrad'];

/** The configuration: 16 features, degrees 1,2(,1,2), noise 0.1, 1,000 train / 9,000 test rows. */
function peerConfig(tasks: number, rho: number, init: InitScheme): LabConfig {
  const base = defaultConfig();
  const config: LabConfig = {
    ...base,
    data: {
      ...base.data,
      tasks,
      features: 16,
      rho,
      taskSpecs: Array.from({ length: tasks }, (_, t) => defaultTaskSpec(1 + (t % 2), 0.1)),
      samples: 10_000,
      testFraction: 0.9,
      seed: 1,
    },
    model: { ...base.model, hidden: [64, 64], tower: [32], experts: 4, init },
    train: {
      method: 'ew',
      methodOptions: {},
      lossTransform: 'none',
      procedure: 'none',
      learningRate: 1e-3,
      batchSize: 100,
      weightSeed: 1,
    },
  };
  const checked = validateConfig(config);
  if (!checked.ok) throw new Error(checked.errors.join(' '));
  return checked.value;
}

/** Training-row indices of every step, as the lab's BatchSampler draws them (deviceData.ts). */
function batchIndices(rows: number, batch: number, seed: number, steps: number): number[][] {
  const perEpoch = Math.max(1, Math.floor(rows / batch));
  const out: number[][] = [];
  let perm: Int32Array | null = null;
  for (let s = 0; s < steps; s++) {
    const epoch = Math.floor(s / perEpoch);
    if (s % perEpoch === 0 || !perm)
      perm = permutation(rows, createRandom(deriveSeed(seed, 'batches', epoch)));
    const start = (s % perEpoch) * batch;
    out.push(Array.from(perm.subarray(start, start + batch)));
  }
  return out;
}

async function labMse(config: LabConfig, dataset: Dataset, steps: number): Promise<number[]> {
  const trainer = await createTrainer({ config, dataset });
  try {
    await trainer.train(steps);
    return (await trainer.evaluate('test')).map((m) => m.loss);
  } finally {
    trainer.dispose();
  }
}

function list(flag: string | undefined, fallback: string[]): string[] {
  return flag === undefined
    ? fallback
    : flag
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, OPTIONS);
  if (!flags.libmtl) throw new Error('--libmtl <path> is required (a LibMTL checkout)');
  const seeds = Array.from({ length: numberFlag('seeds', flags.seeds, 4) }, (_, i) => i + 1);
  const steps = numberFlag('steps', flags.steps, 300);
  const archs = list(flags.archs, ARCHS) as ArchitectureId[];
  const methods = list(flags.methods, METHODS);
  const init = (flags.init ?? 'pytorch') as InitScheme;
  if (!INIT_SCHEMES.includes(init))
    throw new Error(`--init must be one of ${INIT_SCHEMES.join(', ')}`);
  const config = peerConfig(
    numberFlag('tasks', flags.tasks, 2),
    numberFlag('rho', flags.rho, -0.3),
    init,
  );
  const work = flags.work ?? mkdtempSync(join(tmpdir(), 'mtl-peer-'));
  mkdirSync(work, { recursive: true });

  await tf.setBackend('cpu');
  const dataset = generateDataset(config.data);
  const tasks = dataset.tasks.map((t) => t.name);
  writeFileSync(join(work, 'data.csv'), datasetToCsv(dataset));
  const batches = Object.fromEntries(
    seeds.map((s) => [
      String(s),
      batchIndices(dataset.train.rows, config.train.batchSize, s, steps),
    ]),
  );
  const spec = {
    tasks,
    hidden: config.model.hidden,
    tower: config.model.tower,
    experts: config.model.experts,
    learningRate: config.train.learningRate,
    seeds,
    architectures: archs,
    methods,
    batches,
  };
  writeFileSync(join(work, 'spec.json'), JSON.stringify(spec));
  process.stderr.write(`peer: data and batches in ${work}; training LibMTL (python)…\n`);

  const runner = join(dirname(fileURLToPath(import.meta.url)), 'libmtl_runner.py');
  const py = spawnSync(
    flags.python ?? 'python3',
    [runner, '--libmtl', resolve(flags.libmtl), '--work', work],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    },
  );
  if (py.status !== 0) throw new Error(`the LibMTL runner failed (exit ${py.status ?? py.signal})`);
  const libmtl = JSON.parse(readFileSync(join(work, 'libmtl.json'), 'utf8')) as {
    torch: string;
    results: PeerResult[];
  };

  const lab: PeerResult[] = [];
  const stlConfig = { ...config, model: { ...config.model, architecture: 'stl' as const } };
  for (const seed of seeds) {
    const withSeed = (c: LabConfig, method: string): LabConfig => ({
      ...c,
      train: { ...c.train, method, weightSeed: seed },
    });
    for (const architecture of archs) {
      for (const method of methods) {
        const c = withSeed({ ...config, model: { ...config.model, architecture } }, method);
        const testMse = await labMse(c, dataset, steps);
        lab.push({ architecture, method, seed, testMse });
        process.stderr.write(
          `lab ${architecture} ${method} seed ${seed}: ${testMse.map((v) => v.toFixed(5)).join(', ')}\n`,
        );
      }
    }
    const testMse = await labMse(withSeed(stlConfig, 'ew'), dataset, steps);
    lab.push({ architecture: 'stl', method: 'stl', seed, testMse });
    process.stderr.write(`lab stl seed ${seed}: ${testMse.map((v) => v.toFixed(5)).join(', ')}\n`);
  }

  const sides: Side[] = [
    { name: 'lab', results: lab },
    { name: 'LibMTL', results: libmtl.results },
  ];
  const report = formatReport({
    sides,
    tasks: dataset.tasks,
    archs,
    methods,
    deltaM,
    setup: `T=${tasks.length}, rho=${config.data.rho}, 16 features, 1,000 train / 9,000 test rows, hidden ${config.model.hidden.join('-')}, tower ${config.model.tower.join('-')}, MMoE 4 experts, Adam ${config.train.learningRate}, batch ${config.train.batchSize}, ${steps} steps, seeds ${seeds.join(',')}, init ${init}; torch ${libmtl.torch}; ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
  });
  process.stdout.write(`${report.text}\n`);
  if (flags.out)
    writeFileSync(
      flags.out,
      `${JSON.stringify({ ...report.json, lab, libmtl: libmtl.results }, null, 2)}\n`,
    );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`peer: ${errorMessage(error)}\n`);
  process.exit(1);
});
