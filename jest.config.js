/**
 * Jest compiles TypeScript with SWC (@swc/jest): types are stripped, not checked (`npm run typecheck`
 * checks them, first in `npm test`). Coverage (in every `npm test`; `npm run test:coverage` prints the
 * per-file table) is Istanbul's, mapped back to the sources through SWC's inline source maps.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(ts|mjs|js)$': [
      '@swc/jest',
      {
        // No .swcrc: the whole configuration is here.
        swcrc: false,
        jsc: {
          parser: { syntax: 'typescript' },
          target: 'es2022',
          // tsconfig.json targets ES2022, whose class fields have define semantics (as esbuild's bundles do).
          transform: { useDefineForClassFields: true },
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/'],
  // Coverage: Istanbul instruments SWC's output and maps it back through the inline source maps
  // (coverageProvider 'babel', the default; 'v8' took twice as long on this suite).
  collectCoverageFrom: [
    'config/**/*.ts',
    'stacks/**/*.ts',
    'modules/**/*.ts',
    'compliance/**/*.ts',
    'lambda-src/**/*.ts',
    'tools/**/*.ts',
    'scripts/**/*.ts',
    // Entry points that only wire: main.ts builds the app, tools/bin/* hand argv to the libraries.
    '!tools/bin/**',
  ],
  coverageReporters: ['text-summary', 'json-summary', 'lcov'],
  // A little under the measured figures (CONTRIBUTING.md, "Tests"). The security-critical parts have
  // their own, stricter floors; Jest leaves the files a path names out of "global".
  coverageThreshold: {
    global: { statements: 85, branches: 62, functions: 87, lines: 87 },
    // The verifier's decision, event parsing and ledger writes.
    './lambda-src/verifier/': { statements: 92, branches: 80, functions: 93, lines: 93 },
    // Key policies and the environment's roles.
    './modules/keys/': { statements: 97, branches: 65, functions: 100, lines: 97 },
    // The append-only ledger and its deny list.
    './modules/ledger/': { statements: 90, branches: 50, functions: 100, lines: 98 },
    // The compliance rules that fail synth.
    './compliance/rules/': { statements: 92, branches: 73, functions: 97, lines: 94 },
    // CloudTrail digest-chain validation.
    './tools/verify-deployment/digest-validator.ts': { statements: 83, branches: 74, functions: 100, lines: 85 },
    // Plan classification and exit codes.
    './tools/plan-summary/': { statements: 90, branches: 80, functions: 97, lines: 92 },
  },
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  testTimeout: 30000,
};
