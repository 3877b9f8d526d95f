import type { Command } from './command';
import { aggregateCommand } from './commands/aggregate';
import { generateCommand } from './commands/generate';
import { inspectCommand } from './commands/inspect';
import { trainCommand } from './commands/train';
import { sweepCommand } from './commands/sweep';

/** The registry of CLI commands; add one import and one entry per command file. */
export const commands: Command[] = [
  generateCommand,
  inspectCommand,
  aggregateCommand,
  trainCommand,
  sweepCommand,
];
