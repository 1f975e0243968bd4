// ESLint flat config: typescript-eslint's strict and stylistic type-checked rules over every
// TypeScript file (type information from tsconfig.json through the project service), ESLint's
// recommended rules over the plain JavaScript build scripts, and eslint-config-prettier last so
// no rule argues with Prettier. Every rule switched off or relaxed here is listed, with its reason,
// in CONTRIBUTING.md ("Lint and format").
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // .stryker-tmp*/ hold mutation testing's sandboxes (copies of the tree with mutants); reports/ its output.
  globalIgnores(['dist/', 'cdktf.out/', 'cdktf.out.*/', 'coverage/', '.gen/', '.stryker-tmp*/', 'reports/']),
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Relaxed, each with its reason in CONTRIBUTING.md ("Lint and format").
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      '@typescript-eslint/no-require-imports': [
        'error',
        // s3rver and dynalite ship no types (their shapes are declared where they are required); the
        // verifier build loads esbuild and fflate only when it rebuilds, and must stay synchronous.
        { allow: ['^s3rver$', '^dynalite$', '^esbuild$', '^fflate$'] },
      ],
    },
  },
  {
    // Build and benchmark scripts in plain JavaScript (Node ES modules and CommonJS configs): not in
    // the TypeScript program, so no type-aware rules.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
