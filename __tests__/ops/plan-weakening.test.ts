import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from '../../tools/cli/io';
import { runCli } from '../../tools/plan-summary/cli';
import type { ChangeKind } from '../../tools/plan-summary/classify';
import type { ResourceChange } from '../../tools/plan-summary/plan-types';
import { weakeningReasons } from '../../tools/plan-summary/weakening';
import { loadSettings } from '../../lambda-src/verifier/config';

const WEAKENING = join(__dirname, 'fixtures', 'plans', 'weakening');

function cli(argv: string[]): { code: number; stdout: string } {
  let stdout = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: () => undefined,
    readFile: (p) => readFileSync(join(WEAKENING, p), 'utf8'),
    writeFile: () => undefined,
  };
  return { code: runCli(argv, io), stdout };
}

/** The verifier function, its environment changing from `before` to `after` (`before` null: a create). */
function verifier(
  before: Record<string, string> | null,
  after: Record<string, string>,
  extra: Partial<ResourceChange['change']> = {},
): { rc: ResourceChange; kind: ChangeKind } {
  const body = (variables: Record<string, string>): Record<string, unknown> => ({
    function_name: 'biometric-vault-prod-verifier',
    source_code_hash: 'abc123',
    environment: [{ variables }],
  });
  const kind: ChangeKind = before === null ? 'create' : 'update';
  const rc = {
    address: 'aws_lambda_function.verifier',
    mode: 'managed',
    type: 'aws_lambda_function',
    name: 'verifier',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: [kind],
      before: before === null ? null : body(before),
      after: body(after),
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
      ...extra,
    },
  } as unknown as ResourceChange;
  return { rc, kind };
}

function reasons(before: Record<string, string> | null, after: Record<string, string>): string[] {
  const { rc, kind } = verifier(before, after);
  return weakeningReasons(rc, kind, 'prod-verifier').map((r) => r.reason);
}

const BASE = {
  LEDGER_TABLE_NAME: 'biometric-vault-prod-ledger',
  VAULT_KEY_ARN: 'arn:aws:kms:eu-central-1:333333333333:key/k',
};

describe('plan-summary: weakening fixtures, exit code pinned', () => {
  it.each([
    // [fixture, exit code, the reason the comment names]
    [
      'verifier-yaw-added',
      2,
      'verifier decision setting `MAX_ABS_YAW_DEGREES` raised from unset (default 45) to "180"',
    ],
    ['verifier-quality-added', 2, 'verifier decision setting `MIN_SHARPNESS` lowered from unset (default 20) to "0"'],
    ['verifier-quality-added', 2, 'verifier decision setting `MIN_BRIGHTNESS` lowered from unset (default 20) to "0"'],
    [
      'verifier-detection-only-padded',
      2,
      'verifier decision setting `ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE` switched on ("true ")',
    ],
    [
      'verifier-created-weak',
      2,
      'verifier decision setting `FACE_CONFIDENCE_THRESHOLD` lowered from unset (default 90) to "80"',
    ],
    ['verifier-created-weak', 2, 'verifier decision setting `ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE` switched on'],
    [
      'verifier-ledger-redirected',
      2,
      'environment variable `LEDGER_TABLE_NAME` changed from "biometric-vault-prod-ledger" to "attacker-table"',
    ],
    [
      'verifier-key-redirected',
      2,
      'environment variable `VAULT_KEY_ARN` added ("arn:aws:kms:eu-west-1:444444444444:key/abc")',
    ],
    [
      'code-signing-warn-only',
      2,
      'code signing config (which code the verifier accepts): unsigned or untrusted code is deployed with a warning only (`Warn`)',
    ],
    [
      'code-signing-publisher-swapped',
      2,
      'code signing config (which code the verifier accepts) changed (`allowed_publishers`)',
    ],
    [
      'event-source-retargeted',
      2,
      "the verifier's event source (intake queue to function) changed (`function_name`): uploads may be dropped or go elsewhere",
    ],
    [
      'event-source-batch-failures-off',
      2,
      "the verifier's event source (intake queue to function) no longer reports batch item failures: a batch with a failed upload is deleted whole",
    ],
    [
      'event-source-scaling-removed',
      2,
      "the verifier's event source (intake queue to function) changed (`scaling_config`)",
    ],
    [
      'queue-redrive-removed',
      2,
      'queue "biometric-vault-prod-verifier-intake": redrive policy (failure queue) changed: removed, so failing messages stay until they expire',
    ],
    [
      'queue-redrive-raised',
      2,
      'queue "biometric-vault-prod-verifier-intake": redrive policy (failure queue) changed: `maxReceiveCount` raised from 10 to 1000',
    ],
    [
      'queue-key-changed',
      2,
      'queue "biometric-vault-prod-verifier-intake": encryption key changed (`kms_master_key_id`)',
    ],
    ['failure-destination-changed', 2, "the verifier's failure destination changed (`destination_config`)"],
    ['ttl-on', 2, 'time to live turned on (attribute "sizeBytes")'],
    ['pitr-period-shortened', 2, 'point-in-time recovery period shortened from 35 to 1 days'],
  ])('%s exits %i and names why', (name, code, reason) => {
    // Act
    const result = cli([`prod-verifier=${name}.json`]);
    // Assess
    expect(result.code).toBe(code);
    expect(result.stdout).toContain(reason);
  });

  it.each(['code-signing-tags-only', 'event-source-batch-size', 'queue-tags-only'])(
    '%s (labels or batch size only) exits 0',
    (name) => {
      // Act
      const result = cli([`prod-verifier=${name}.json`]);
      // Assess
      expect(result.code).toBe(0);
    },
  );

  it('names no decision setting for a new verifier at or above the defaults', () => {
    // Act
    const result = cli(['prod-verifier=verifier-created-strict.json']);
    // Assess
    expect(result.stdout).not.toContain('verifier decision setting');
  });
});

describe("plan-summary: the verifier's decision settings, each against the verifier's default", () => {
  // [setting, weaker than the default, not weaker than the default, the default]
  it.each([
    ['FACE_CONFIDENCE_THRESHOLD', '89.5', '90', '90'],
    ['SIMILARITY_THRESHOLD', '94', '95', '95'],
    ['MIN_BRIGHTNESS', '19', '20', '20'],
    ['MIN_SHARPNESS', '19', '20', '20'],
    ['MAX_ABS_YAW_DEGREES', '46', '45', '45'],
    ['MAX_ABS_PITCH_DEGREES', '31', '30', '30'],
  ])('%s: %s is weaker than the default, %s is not', (name, weaker, notWeaker, fallback) => {
    // Act
    const added = reasons(BASE, { ...BASE, [name]: weaker });
    const addedPadded = reasons(BASE, { ...BASE, [name]: ` ${weaker}\n` });
    const created = reasons(null, { ...BASE, [name]: weaker });
    const same = reasons(BASE, { ...BASE, [name]: notWeaker });
    const createdSame = reasons(null, { ...BASE, [name]: notWeaker });
    const removed = reasons({ ...BASE, [name]: notWeaker === '45' || notWeaker === '30' ? '10' : '99' }, BASE);
    // Assess
    expect(added).toEqual([expect.stringContaining(`\`${name}\``)]);
    expect(added[0]).toContain(`from unset (default ${fallback})`);
    expect(addedPadded).toEqual([expect.stringContaining(`\`${name}\``)]);
    expect(created).toEqual([expect.stringContaining(`\`${name}\``)]);
    expect(same).toEqual([]);
    expect(createdSame).toEqual([]);
    expect(removed).toEqual([expect.stringContaining(`falls back to its default ${fallback}`)]);
  });

  it("uses the verifier's own defaults: the same figures the verifier falls back to", () => {
    // The figures above (90, 95, 20, 20, 45, 30, off) are what the verifier applies when nothing is set.
    expect(loadSettings(BASE)).toMatchObject({
      faceConfidenceThreshold: 90,
      similarityThreshold: 95,
      minBrightness: 20,
      minSharpness: 20,
      maxAbsYawDegrees: 45,
      maxAbsPitchDegrees: 30,
      allowDetectionOnlyWithoutReference: false,
    });
  });

  it('a value the verifier refuses (it then stops deciding) is a reason, in a create too', () => {
    expect(reasons(BASE, { ...BASE, SIMILARITY_THRESHOLD: '0.9' })).toEqual([
      'verifier decision setting `SIMILARITY_THRESHOLD` set to "0.9", which the verifier refuses: it stops deciding and every upload fails',
    ]);
    expect(reasons(null, { ...BASE, ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: 'yes' })).toEqual([
      'verifier decision setting `ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE` set to "yes", which the verifier refuses: it stops deciding and every upload fails',
    ]);
  });

  it('the detection-only switch: on whenever the verifier reads it as true, and only then', () => {
    const name = 'ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE';
    expect(reasons(BASE, { ...BASE, [name]: 'true' })).toEqual([
      'verifier decision setting `ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE` switched on (a subject without a reference image can be AUTHORIZED on detection alone)',
    ]);
    expect(reasons(BASE, { ...BASE, [name]: '\ttrue ' })).toHaveLength(1);
    expect(reasons(null, { ...BASE, [name]: 'true' })).toHaveLength(1);
    expect(reasons(BASE, { ...BASE, [name]: 'false' })).toEqual([]);
    expect(reasons(BASE, { ...BASE, [name]: ' ' })).toEqual([]);
    expect(reasons({ ...BASE, [name]: 'true' }, BASE)).toEqual([]);
  });

  it('a decision setting known only after apply is a reason', () => {
    const { rc, kind } = verifier(BASE, BASE, {
      after_unknown: { environment: [{ variables: { SIMILARITY_THRESHOLD: true } }] },
    });
    expect(weakeningReasons(rc, kind, 'prod-verifier').map((r) => r.reason)).toEqual([
      'verifier decision setting `SIMILARITY_THRESHOLD` cannot be read in the plan (known after apply)',
    ]);
  });
});

describe("plan-summary: any other change to a function's environment", () => {
  it('names each variable added, removed or changed', () => {
    expect(reasons(BASE, { ...BASE, REKOGNITION_TPS: '50' })).toEqual([
      'environment variable `REKOGNITION_TPS` added ("50"): the environment decides what the function runs and where it reads and writes',
    ]);
    expect(reasons(BASE, { LEDGER_TABLE_NAME: BASE.LEDGER_TABLE_NAME })).toEqual([
      'environment variable `VAULT_KEY_ARN` removed (was "arn:aws:kms:eu-central-1:333333333333:key/k"): the environment decides what the function runs and where it reads and writes',
    ]);
    expect(reasons(BASE, { ...BASE, LEDGER_TABLE_NAME: 'other' })).toEqual([
      'environment variable `LEDGER_TABLE_NAME` changed from "biometric-vault-prod-ledger" to "other": the environment decides what the function runs and where it reads and writes',
    ]);
  });

  it('says nothing when the environment is unchanged, and does not list a new function s variables', () => {
    expect(reasons(BASE, BASE)).toEqual([]);
    expect(reasons(null, BASE)).toEqual([]);
  });

  it('never shows a value the plan marks sensitive', () => {
    // Prepare
    const { rc, kind } = verifier(
      { ...BASE, API_TOKEN: 'SECRET-BEFORE' },
      { ...BASE, API_TOKEN: 'SECRET-AFTER' },
      {
        before_sensitive: { environment: [{ variables: { API_TOKEN: true } }] },
        after_sensitive: { environment: [{ variables: { API_TOKEN: true } }] },
      },
    );
    // Act
    const found = weakeningReasons(rc, kind, 'prod-verifier').map((r) => r.reason);
    // Assess
    expect(found).toEqual([
      'environment variable `API_TOKEN` changed from (sensitive) to (sensitive): the environment decides what the function runs and where it reads and writes',
    ]);
  });

  it('names a code-injection variable once, as such', () => {
    expect(reasons(BASE, { ...BASE, NODE_OPTIONS: '--require /tmp/x.js' })).toEqual([
      'environment variable `NODE_OPTIONS` set to "--require /tmp/x.js": code or trust outside the signed package',
    ]);
  });
});

describe('plan-summary: a verdict needs plans', () => {
  it('exits 1 when no stack has a plan, unless --allow-empty says that is intended', () => {
    // Prepare
    let stderr = '';
    const io: CliIo = {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      readFile: (p) => {
        if (p.endsWith('cdk.tf.json')) return '{"resource":{}}';
        throw new Error(`ENOENT ${p}`);
      },
      writeFile: () => undefined,
    };
    const args = ['--synth-dir', 'head', '--base-synth-dir', 'base', '--unplanned', 'dev-state'];
    // Act
    const refused = runCli(args, io);
    const allowed = runCli([...args, '--allow-empty'], io);
    // Assess
    expect(refused).toBe(1);
    expect(stderr).toContain('no stack has a plan');
    expect(allowed).toBe(0);
  });

  it('refuses one plan file given under two stack names (exit 64)', () => {
    // Act
    const result = cli(['prod-keys=ttl-on.json', 'prod-ledger=ttl-on.json']);
    // Assess
    expect(result.code).toBe(64);
  });

  it('documents --allow-empty and both exits in --help', () => {
    // Act
    const help = cli(['--help']);
    // Assess
    expect(help.stdout).toContain('--allow-empty');
    expect(help.stdout).toContain('one plan\n      file given under two stack names');
  });
});
