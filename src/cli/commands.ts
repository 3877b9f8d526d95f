import type { Command } from './command';

/** The registry of CLI commands; add one import and one entry per command file. */
export const commands: Command[] = [];
