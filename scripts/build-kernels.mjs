// Compiles the fused CPU engine's AssemblyScript kernels (src/core/engines/wasm-fused/assembly)
// to WebAssembly with SIMD: kernels.wasm (plain memory) and kernels-shared.wasm (shared memory,
// for the threaded engine under cross-origin isolation), each also with relaxed SIMD (-relaxed). The binaries are build outputs
// (gitignored); npm's postinstall, the Vite plugin in vite.config.ts and the bench/cli scripts
// call this, and it recompiles only when a source is newer than its binary.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, 'src/core/engines/wasm-fused/assembly');
const OUT = join(ROOT, 'src/core/engines/wasm-fused/generated');

const COMMON = ['-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--enable', 'simd'];
// Threads share one memory; 16,384 pages (1 GiB) is the ceiling a shared memory must declare.
const SHARED = ['--enable', 'threads', '--sharedMemory', '--maximumMemory', '16384'];
// Relaxed SIMD (fused multiply-add in the products): Chromium ships it, Node 20 does not; the
// host loads the relaxed build where the engine validates it and the plain one elsewhere.
const RELAXED = ['--enable', 'relaxed-simd'];
const VARIANTS = [
  { file: 'kernels.wasm', flags: [] },
  { file: 'kernels-shared.wasm', flags: SHARED },
  { file: 'kernels-relaxed.wasm', flags: RELAXED },
  { file: 'kernels-shared-relaxed.wasm', flags: [...SHARED, ...RELAXED] },
];

function newestSource() {
  return Math.max(...readdirSync(SOURCE).map((f) => statSync(join(SOURCE, f)).mtimeMs));
}

export async function buildKernels({ force = false } = {}) {
  mkdirSync(OUT, { recursive: true });
  const newest = newestSource();
  const stale = VARIANTS.filter(
    (v) => force || !existsSync(join(OUT, v.file)) || statSync(join(OUT, v.file)).mtimeMs < newest,
  );
  if (stale.length === 0) return;
  let asc;
  try {
    asc = (await import('assemblyscript/asc')).default;
  } catch {
    throw new Error(
      'the AssemblyScript compiler (devDependency "assemblyscript") is not installed: run npm ci',
    );
  }
  for (const v of stale) {
    const { error, stderr } = await asc.main([
      join(SOURCE, 'index.ts'),
      '-o',
      join(OUT, v.file),
      ...COMMON,
      ...v.flags,
    ]);
    if (error) throw new Error(`AssemblyScript kernels failed to compile:\n${stderr.toString()}`);
  }
  console.log(`compiled ${stale.map((v) => v.file).join(', ')} (AssemblyScript kernels)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // --optional (postinstall): an install without devDependencies warns instead of failing.
  const optional = process.argv.includes('--optional');
  buildKernels({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(error.message ?? error);
    process.exit(optional ? 0 : 1);
  });
}
