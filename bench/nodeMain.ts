/**
 * Entry of the bundled Node benchmark (bench/dist/node-bench.mjs, built by bench/bundle.sh):
 * `node bench/dist/node-bench.mjs [--quick] [--configs R0,R1] [--backends webgpu,cpu] [--dawn opt]`.
 */
import { parseArgs } from './args';
import { runNode } from './nodeRunner';

runNode(parseArgs(['--runner', 'node', ...process.argv.slice(2)])).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
