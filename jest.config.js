/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(ts|mjs|js)$': '<rootDir>/scripts/jest-esbuild-transform.js' },
  transformIgnorePatterns: ['/node_modules/'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  testTimeout: 30000,
};
