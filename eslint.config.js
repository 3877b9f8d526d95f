import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: ['dist', 'node_modules', 'test-results', 'bench/dist', 'src/core/engines/*/assembly'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Engines are chosen once (src/core/engines); the rest of the app never asks which tfjs
    // backend is active (issue 17). Tests may, to set up the backend they test.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/core/engines/**', '**/*.test.ts', '**/*.test.helpers.ts', '**/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name=/^(getBackend|backend)$/][callee.object.name='tf']",
          message: 'Ask the engine (src/core/engines), not tf, which backend is active.',
        },
        {
          selector: "CallExpression[callee.name='activeWebGPUBackend']",
          message: 'Only the WebGPU engine (src/core/engines/webgpu) checks for its backend.',
        },
      ],
    },
  },
);
