/**
 * Dawn needs LD_LIBRARY_PATH (for Chromium's libvulkan) at process start, which a test cannot set
 * for itself. When this vitest process has no WebGPU adapter but the SwiftShader ICD is installed,
 * re-run the *.webgpu.test.ts files of this folder in a child vitest with the right environment,
 * and require them to pass there (MTL_REQUIRE_WEBGPU=1 turns a missing adapter into a failure).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { swiftShaderEnv } from './testing/nodeWebgpu';

interface WebGPUModule {
  create(options: string[]): GPU;
}

async function adapterInThisProcess(): Promise<boolean> {
  const { create } = (await import('webgpu')) as unknown as WebGPUModule;
  return (await create([]).requestAdapter()) !== null;
}

const isChild = process.env.MTL_WEBGPU_CHILD === '1';
const childEnv = swiftShaderEnv();
const relaunch = !isChild && childEnv !== null && !(await adapterInThisProcess());
if (!relaunch) {
  const why = isChild
    ? 'this is the relaunched child'
    : childEnv
      ? 'WebGPU suites ran in-process'
      : 'no SwiftShader ICD installed';
  console.info(`[webgpuRelaunch] not relaunching: ${why}`);
}

function runChild(
  env: NodeJS.ProcessEnv,
  files: string[],
): Promise<{ code: number | null; output: string }> {
  const vitest = join(
    dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
    'vitest.mjs',
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitest, 'run', ...files], { env, cwd: process.cwd() });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!relaunch)('WebGPU suites in a child process with the SwiftShader env', () => {
  it('pass', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(here)
      .filter((f) => f.endsWith('.webgpu.test.ts'))
      .map((f) => relative(process.cwd(), join(here, f)));
    expect(files.length).toBeGreaterThan(0);
    // Drop the parent's vitest worker variables so the child starts as a fresh run.
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')),
    );
    const env = {
      ...base,
      ...childEnv,
      MTL_WEBGPU_CHILD: '1',
      MTL_REQUIRE_WEBGPU: '1',
      FORCE_COLOR: '0',
    };
    const { code, output } = await runChild(env, files);
    console.log(output);
    expect(code, output.slice(-4000)).toBe(0);
  });
});
