/** Writes results.json and prints the table. */
import { writeFileSync } from 'node:fs';
import { cpus, release, type } from 'node:os';
import { formatTable } from './core/table';
import type { BenchResults, MachineInfo } from './core/types';

export function machineInfo(
  runner: MachineInfo['runner'],
  browser: string,
  adapter: string | null,
): MachineInfo {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    os: `${type()} ${release()}`,
    browser,
    adapter,
    runner,
    date: new Date().toISOString(),
  };
}

export function report(results: BenchResults, out: string): void {
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  console.log('\n' + formatTable(results));
  console.log(`\nwrote ${out}`);
}
