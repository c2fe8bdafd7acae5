// Lint rules: typescript-eslint's strict type-checked set over every runtime, each file checked against its own tsconfig.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'dev-dist/', 'node_modules/', 'bench/results/', '.vitest-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `() => resolve()` and `return refuse(res)` in a void function read better than braces and a bare return.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Off: TypeScript keeps a property's narrowing across `await`, so the `if (signal.aborted) return` after
      // each await reads as "always false", and the DOM lib types navigator and indexedDB as always present
      // where tests and insecure contexts have neither. Every finding in this tree was one of those two.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Numbers in messages and ids are formatted on purpose; objects and undefined still fail.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    // Lit calls a template's event listeners with `this` set to the host element (lit-html's `host` render option).
    files: ['app/ui/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Tests and benchmarks may use `any` (page.evaluate results, fixtures); the no-unsafe-* rules only repeat that.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Sums over `any` stats from page.evaluate; ws hands text frames over as a Buffer.
      '@typescript-eslint/restrict-plus-operands': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      // Tests patch prototypes and call the saved original with .call(this).
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
