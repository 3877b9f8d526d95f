/**
 * The layer rules of docs and design.md, checked in `npm test` (`npm run deps`): no import cycles;
 * core -> worker -> state -> ui, each importing only downwards; the worker contract is a leaf;
 * the UI sees the worker only through the contract's types; architectures do not know engines.
 * Type-only imports count: a type cycle still ties files together.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const TEST = '\\.test\\.tsx?$';
const CONTRACT = '^src/worker/protocol(\\.ts$|/)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'An import cycle makes load order matter and the layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-the-bottom',
      comment: 'src/core is pure TypeScript that runs in the worker, Node and the page.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(worker|state|ui|cli)/|^src/main\\.tsx$' },
    },
    {
      name: 'core-has-no-dom-libraries',
      comment: 'No React, d3, zustand or comlink in src/core.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev'],
        path: 'node_modules/(react|react-dom|d3[^/]*|zustand|comlink)/',
      },
    },
    {
      name: 'worker-below-state-and-ui',
      severity: 'error',
      from: { path: '^src/worker/' },
      to: { path: '^src/(state|ui|cli)/' },
    },
    {
      name: 'state-below-ui',
      severity: 'error',
      from: { path: '^src/state/' },
      to: { path: '^src/(ui|cli)/' },
    },
    {
      name: 'worker-contract-is-a-leaf',
      comment:
        'protocol.ts and protocol/ hold types only; the files that implement them import them.',
      severity: 'error',
      from: { path: CONTRACT },
      to: { path: '^src/', pathNot: [CONTRACT, '^src/core/'] },
    },
    {
      name: 'ui-sees-the-worker-only-through-the-contract',
      comment:
        'Components never import worker code: they see the contract types; the page starts the worker in main.tsx.',
      severity: 'error',
      from: { path: '^src/ui/', pathNot: TEST },
      to: { path: '^src/worker/', pathNot: CONTRACT },
    },
    {
      name: 'ui-imports-the-contract-for-types-only',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: CONTRACT, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'architectures-do-not-know-engines',
      comment:
        'An architecture is written once against Ops (model/ops.ts); the engine that runs it is chosen elsewhere. Tests may run a model on an engine.',
      severity: 'error',
      from: { path: '^src/core/model/', pathNot: [TEST, '\\.test\\.helpers\\.ts$'] },
      to: { path: '^src/core/engines/|^src/core/tf\\.ts$' },
    },
    {
      name: 'architectures-do-not-know-tfjs',
      comment: 'model/ is engine-free: not even a type-only import of tfjs.',
      severity: 'error',
      from: { path: '^src/core/model/', pathNot: [TEST, '\\.test\\.helpers\\.ts$'] },
      to: { path: 'node_modules/@tensorflow/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // AssemblyScript sources, and build output a benchmark writes under bench/dist.
    exclude: { path: ['^src/core/engines/[^/]+/assembly/', '^bench/dist/'] },
  },
};
