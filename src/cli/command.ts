import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  name: string;
  summary: string;
  run(argv: string[]): Promise<void>;
}

/**
 * node:util parseArgs reads `--rho -0.1` as a missing value followed by an option; join a
 * negative number to its flag (`--rho=-0.1`) so the natural spelling works.
 */
export function joinNegativeNumbers(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (
      argv[i].startsWith('--') &&
      !argv[i].includes('=') &&
      next !== undefined &&
      /^-[\d.]/.test(next)
    ) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

/** Strict flag parsing: an unknown flag is an error that names it; `--rho -0.1` works. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
) {
  const args = joinNegativeNumbers(argv);
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}

/** Parse a number flag, or throw a message that names the flag. */
export function numberFlag(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new Error(`--${name} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number (got "${value}")`);
  return n;
}

/** Parse a comma-separated list of numbers such as `1,3,2`. */
export function numberListFlag(name: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((part) => numberFlag(name, part.trim()));
}
