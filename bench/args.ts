/** Command-line options shared by the browser and Node runners. */
import { BENCH_BACKENDS, type BenchBackend } from './core/types';
import { CONFIG_IDS, type ConfigId } from './core/configs';
import type { Impl } from './core/types';

export interface BenchArgs {
  quick: boolean;
  runner: 'browser' | 'node';
  backends: BenchBackend[];
  /** Also measure native PyTorch on the CPU (when python3 has torch). */
  pytorch: boolean;
  configs: ConfigId[];
  impls: Impl[];
  out: string | null;
  /** Node runner: extra Dawn options, e.g. backend=null or adapter=NVIDIA. */
  dawn: string[];
  /** Browser runner: use real-GPU Chromium flags instead of SwiftShader ones. */
  realGpu: boolean;
  /** Time from navigation to Play enabled instead of training speed (bench/startup.ts). */
  startup: boolean;
}

function list<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item))
      throw new Error(`unknown ${what} "${item}" (choose from ${allowed.join(', ')})`);
  }
  return items as T[];
}

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = {
    quick: false,
    runner: 'browser',
    backends: [...BENCH_BACKENDS],
    pytorch: true,
    configs: [...CONFIG_IDS],
    impls: ['lab', 'naive'],
    out: null,
    dawn: [],
    realGpu: false,
    startup: false,
  };
  let backendsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--no-pytorch') args.pytorch = false;
    else if (a === '--real-gpu') args.realGpu = true;
    else if (a === '--startup') args.startup = true;
    else if (a === '--runner') {
      const r = value();
      if (r !== 'browser' && r !== 'node') throw new Error('--runner is browser or node');
      args.runner = r;
    } else if (a === '--backends') {
      args.backends = list(value(), BENCH_BACKENDS, 'backend');
      backendsGiven = true;
    } else if (a === '--configs') args.configs = list(value(), CONFIG_IDS, 'config');
    else if (a === '--impls') args.impls = list(value(), ['lab', 'naive'] as const, 'impl');
    else if (a === '--out') args.out = value();
    else if (a === '--dawn') args.dawn.push(value());
    else if (a === '--help' || a === '-h') {
      console.log(
        'npm run bench -- [--quick] [--runner browser|node] [--backends webgpu,webgl,wasm,cpu,wasm-fused,wasm-fused-1-thread,wasm-fused-2-threads] ' +
          '[--configs R0,R1,R1-EW,R2] [--impls lab,naive] [--no-pytorch] [--out file.json] [--dawn backend=null] [--real-gpu] ' +
          '| --startup [--quick] [--out file.json]',
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  // Node has no WebGL, and the wasm backend's binaries are not bundled for it.
  if (args.runner === 'node' && !backendsGiven)
    args.backends = ['webgpu', 'wasm', 'cpu', 'wasm-fused', 'wasm-fused-1-thread'];
  return args;
}
