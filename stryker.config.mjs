// StrykerJS over the security-critical code, one area at a time (`npm run test:mutation`, which runs
// scripts/mutation.mjs; CONTRIBUTING.md, "Mutation testing"). Each area names the files it mutates
// and the Jest test files that are its semantic tests, and a mutant runs against those only. The
// constructs' areas use the construct unit tests of __tests__/policies/, which build each construct
// inside the test: the stack tests synthesize whole environments while loading, which Stryker counts
// as "static" coverage and answers by running every selected test for every mutant.
// @ts-check

/** @type {Record<string, { mutate: string[]; tests: string[] }>} */
export const AREAS = {
  // Key policies, the KMS action lists they are built from, and the key itself (rotation, window).
  keys: {
    mutate: ['modules/keys/*.ts', 'modules/core/kms-actions.ts', 'modules/core/customer-managed-key.ts'],
    tests: ['policies/key-policies'],
  },
  // The bucket policies: the generic secure bucket and the isolated trail bucket.
  buckets: {
    mutate: ['modules/core/secure-bucket.ts', 'modules/audit/isolated-trail-bucket.ts'],
    tests: ['policies/bucket-policies'],
  },
  // The append-only ledger's resource policy and its writers.
  ledger: {
    mutate: ['modules/ledger/*.ts'],
    tests: ['policies/ledger-policy'],
  },
  // The verifier's execution role.
  'verifier-role': {
    mutate: ['modules/verifier/verifier-role.ts'],
    tests: ['policies/verifier-role'],
  },
  // The verifier's decision and ledger code.
  verifier: {
    mutate: ['lambda-src/verifier/policy.ts', 'lambda-src/verifier/ledger.ts', 'lambda-src/verifier/ledger-schema.ts'],
    tests: ['verifier/policy', 'verifier/event-and-ledger', 'verifier/handler'],
  },
  // Plan classification, the second-review verdict (drift included) and the exit codes.
  'plan-summary': {
    mutate: [
      'tools/plan-summary/classify.ts',
      'tools/plan-summary/attribute-rules.ts',
      'tools/plan-summary/weakening.ts',
      'tools/plan-summary/summary.ts',
      'tools/plan-summary/cli.ts',
    ],
    tests: ['ops/plan-summary', 'ops/plan-weakening', 'ops/plan-weakening-rules', 'ops/plan-review'],
  },
  // CloudTrail digest-chain validation and the trail check that runs it.
  digest: {
    mutate: ['tools/verify-deployment/digest-validator.ts', 'tools/verify-deployment/checks/trail.ts'],
    tests: ['ops/digest-validator', 'ops/verify-deployment'],
  },
  // The ledger's tamper evidence: canonical record hash, Merkle tree, signed digest format and chain, and
  // the offline check (ledger:verify). Not yet scored (CONTRIBUTING.md).
  'ledger-integrity': {
    mutate: [
      'lambda-src/ledger-integrity/canonical.ts',
      'lambda-src/ledger-integrity/merkle.ts',
      'lambda-src/ledger-integrity/digest-format.ts',
      'tools/ledger-verify/verify.ts',
    ],
    tests: [
      'ledger-integrity/canonical',
      'ledger-integrity/merkle',
      'ledger-integrity/digest-job',
      'ledger-integrity/tamper',
      'ledger-integrity/ledger-verify-cli',
    ],
  },
};

const name = process.env.STRYKER_AREA ?? '';
const area = AREAS[name];
if (area === undefined) {
  throw new Error(
    `stryker.config.mjs: STRYKER_AREA must be one of ${Object.keys(AREAS).join(', ')} (received ${JSON.stringify(name)}); run "npm run test:mutation"`,
  );
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  packageManager: 'npm',
  mutate: area.mutate,
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    config: {
      testMatch: area.tests.map((t) => `<rootDir>/__tests__/${t}.test.ts`),
      collectCoverage: false,
      coverageThreshold: undefined,
    },
    // The area's test list is already the selection.
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  // Two cores, shared: one test runner.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  // A busy machine makes runs slower, not infinite.
  timeoutMS: 20_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 10,
  incremental: true,
  incrementalFile: `reports/mutation/${name}/incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${name}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // One sandbox folder per area, so two areas can run side by side.
  tempDirName: `.stryker-tmp-${name}`,
  ignorePatterns: ['cdktf.out', 'cdktf.out.*', 'dist', 'coverage', 'reports', 'bench/results', '.gen', '.stryker-tmp*'],
  thresholds: { high: 90, low: 80, break: null },
};
