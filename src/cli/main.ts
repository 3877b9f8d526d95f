/**
 * MTL Lab command line over src/core (Node, tfjs CPU backend). One file per command in
 * ./commands; each exports a `Command`. Errors print one line on stderr and exit non-zero.
 */
import type { Command } from './command';
import { commands } from './commands';
import { errorMessage } from '../core/errorMessage';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    const list = commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
    process.stderr.write(
      `${name ? `unknown command "${name}". ` : ''}usage: npm run --silent cli -- <command> [flags]\n${list}\n`,
    );
    return 2;
  }
  await command.run(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = errorMessage(error);
    process.stderr.write(`error: ${message.replace(/\s*\n\s*/g, '; ')}\n`);
    process.exit(1);
  },
);
