// Runs the unit tests. When Debian's Chromium is installed, its SwiftShader Vulkan driver is put in
// the environment at process start (Dawn reads it only then), so the WebGPU kernel and engine
// suites run for real in Node instead of being skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildKernels } from './build-kernels.mjs';

const icd = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env = { ...process.env };
if (existsSync(icd) && !env.VK_ICD_FILENAMES) {
  env.VK_ICD_FILENAMES = icd;
  env.LD_LIBRARY_PATH = ['/usr/lib/chromium', env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  env.MTL_REQUIRE_WEBGPU = '1';
}
await buildKernels();
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
