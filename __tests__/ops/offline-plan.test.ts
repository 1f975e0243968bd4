import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ENVIRONMENTS } from '../../config/environments';
import { buildEnvironment } from '../../stacks/environment';
import { startAwsStub, stubAccessKey } from '../../tools/offline-plan/aws-stub';
import { planFixture, stackFingerprint, FIXED_TIMESTAMP } from '../../tools/offline-plan/fixture';
import {
  checkPrerequisites,
  DEFAULT_MIRROR,
  fixtureText,
  MIRROR_PROVIDER_VERSION,
  planStacks,
  withUpstreams,
  type Manifest,
} from '../../tools/offline-plan/generator';
import { ctyType, deriveOutputs, outputsState, placeholderUuid } from '../../tools/offline-plan/outputs';
import { shimStack, upstreamOf } from '../../tools/offline-plan/shim';
import { runCli } from '../../tools/offline-plan/cli';
import type { CliIo } from '../../tools/cli/io';
import type { JsonObject, PlanAction, TerraformPlan } from '../../tools/plan-summary/plan-types';
import { unknownPolicies } from '../../tools/offline-plan/unknown-policies';
import { synthEnvironments } from '../helpers/synth';
import { present } from '../helpers/present';

const FIXTURES = join(__dirname, 'fixtures', 'real-plans');

/** The data sources a dev plan reads: partition, region (5.x `name`) and account. */
const DEV_SCOPE = {
  values: {
    root_module: {
      resources: [
        { type: 'aws_partition', values: { partition: 'aws' } },
        { type: 'aws_region', values: { name: 'eu-west-1' } },
        { type: 'aws_caller_identity', values: { account_id: '111111111111' } },
      ],
    },
  },
};
const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as Manifest;

describe('the 6.x -> 5.100 shim', () => {
  const stack: JsonObject = {
    terraform: {
      required_providers: { aws: { source: 'hashicorp/aws', version: '6.25.0' } },
      backend: { s3: { bucket: 'b', key: 'dev/dev-verifier.tfstate' } },
    },
    data: {
      aws_region: { r: { '//': {} } },
      terraform_remote_state: {
        'cross-stack-reference-input-dev-keys': {
          backend: 's3',
          config: { bucket: 'b', key: 'dev/dev-keys.tfstate' },
          workspace: '${terraform.workspace}',
        },
      },
    },
    resource: {
      aws_s3_bucket_server_side_encryption_configuration: {
        enc: { rule: [{ blocked_encryption_types: ['SSE-C'], bucket_key_enabled: true }] },
      },
      aws_cloudwatch_log_group: { lg: { name: 'x', deletion_protection_enabled: true } },
      aws_sqs_queue: {
        q: { name: 'q-${data.aws_region.r.region}', kms_master_key_id: 'alias/${data.aws_region.r.region}' },
      },
    },
  };

  it('pins the mirrored provider, plans locally and reads upstream outputs from local state', () => {
    // Act
    const { json } = shimStack(stack, { remoteStatePath: (up) => `../../remote-state/${up}.tfstate` });
    // Assess
    expect(json.terraform).toEqual({
      required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } },
      backend: { local: { path: 'terraform.tfstate' } },
    });
    expect((json.data as { terraform_remote_state: JsonObject }).terraform_remote_state).toEqual({
      'cross-stack-reference-input-dev-keys': {
        backend: 'local',
        config: { path: '../../remote-state/dev-keys.tfstate' },
        workspace: '${terraform.workspace}',
      },
    });
  });

  it('renames data.aws_region.*.region to .name and drops the 6.x-only arguments, recording each with its value', () => {
    // Act
    const { json, shims } = shimStack(stack, { remoteStatePath: () => 'x' });
    // Assess
    const resource = json.resource as Record<string, Record<string, JsonObject>>;
    expect(resource.aws_sqs_queue?.q).toEqual({
      name: 'q-${data.aws_region.r.name}',
      kms_master_key_id: 'alias/${data.aws_region.r.name}',
    });
    expect(resource.aws_s3_bucket_server_side_encryption_configuration?.enc).toEqual({
      rule: [{ bucket_key_enabled: true }],
    });
    expect(resource.aws_cloudwatch_log_group?.lg).toEqual({ name: 'x' });
    expect(shims.map((s) => [s.id, s.where, s.dropped ?? s.since])).toEqual([
      ['provider-version', 'terraform.required_providers.aws.version', undefined],
      ['backend-local', 'terraform.backend', undefined],
      ['remote-state-local', 'data.terraform_remote_state.cross-stack-reference-input-dev-keys', undefined],
      ['aws-region-name', '2 reference(s) to data.aws_region.*.region', '6.0.0'],
      [
        'sse-blocked-encryption-types',
        'aws_s3_bucket_server_side_encryption_configuration.enc.rule[0].blocked_encryption_types',
        ['SSE-C'],
      ],
      ['log-group-deletion-protection', 'aws_cloudwatch_log_group.lg.deletion_protection_enabled', true],
    ]);
  });

  it('leaves the input untouched and an argument it does not know in place (plan then fails on it)', () => {
    // Prepare
    const before = JSON.stringify(stack);
    const withUnknown: JsonObject = { resource: { aws_s3_bucket: { b: { bucket: 'b', bucket_namespace: 'x' } } } };
    // Act
    const { json } = shimStack(withUnknown, { remoteStatePath: () => 'x' });
    shimStack(stack, { remoteStatePath: () => 'x' });
    // Assess
    expect(JSON.stringify(stack)).toBe(before);
    expect(json.resource).toEqual({ aws_s3_bucket: { b: { bucket: 'b', bucket_namespace: 'x' } } });
  });

  it('names the upstream stack from the remote state key, and refuses one it cannot tell', () => {
    expect(upstreamOf({ config: { key: 'prod/prod-ledger.tfstate' } })).toBe('prod-ledger');
    expect(() => upstreamOf({ config: { bucket: 'b' } })).toThrow('cannot tell which stack a remote state reads');
  });
});

describe('upstream outputs for local remote state', () => {
  const plan = {
    format_version: '1.2',
    prior_state: DEV_SCOPE,
    planned_values: {
      root_module: {
        resources: [
          { address: 'aws_dynamodb_table.t', values: { name: 'biometric-vault-dev-ledger', stream_enabled: true } },
          { address: 'aws_kms_key.k', values: {} },
          { address: 'aws_sqs_queue.q', values: {} },
          { address: 'aws_lambda_code_signing_config.c', values: {} },
        ],
      },
    },
    configuration: {
      root_module: {
        outputs: {
          table_arn: {
            sensitive: true,
            expression: { references: ['aws_dynamodb_table.t.arn', 'aws_dynamodb_table.t'] },
          },
          key_arn: { expression: { references: ['aws_kms_key.k.arn', 'aws_kms_key.k'] } },
          queue_url: { expression: { references: ['aws_sqs_queue.q.url', 'aws_sqs_queue.q'] } },
          signing: {
            expression: { references: ['aws_lambda_code_signing_config.c.arn', 'aws_lambda_code_signing_config.c'] },
          },
          table_name: { expression: { references: ['aws_dynamodb_table.t.name', 'aws_dynamodb_table.t'] } },
          stream_arn: { expression: { references: ['aws_dynamodb_table.t.stream_arn', 'aws_dynamodb_table.t'] } },
        },
      },
    },
    output_changes: {
      table_arn: { actions: ['create'], before: null, after: null, after_unknown: true },
      key_arn: { actions: ['create'], before: null, after: null, after_unknown: true },
      queue_url: { actions: ['create'], before: null, after: null, after_unknown: true },
      signing: { actions: ['create'], before: null, after: null, after_unknown: true },
      table_name: { actions: ['create'], before: null, after: 'biometric-vault-dev-ledger', after_unknown: false },
      stream_arn: { actions: ['create'], before: null, after: null, after_unknown: true },
    },
  } as unknown as TerraformPlan;

  it('takes known values from the plan, derives ARNs from names, and marks the invented key id', () => {
    // Act
    const { outputs, underivable } = deriveOutputs('dev-ledger', plan);
    // Assess
    expect(outputs.table_name).toEqual({ value: 'biometric-vault-dev-ledger', sensitive: false, provenance: 'plan' });
    expect(outputs.table_arn).toEqual({
      value: 'arn:aws:dynamodb:eu-west-1:111111111111:table/biometric-vault-dev-ledger',
      sensitive: true,
      provenance: 'derived',
    });
    expect(outputs.key_arn?.value).toMatch(
      /^arn:aws:kms:eu-west-1:111111111111:key\/0ff11e00-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(outputs.key_arn?.provenance).toBe('placeholder');
    expect(outputs.signing?.value).toMatch(
      /^arn:aws:lambda:eu-west-1:111111111111:code-signing-config:csc-0ff11e00[0-9a-f]{9}$/,
    );
    expect(outputs.signing?.provenance).toBe('placeholder');
    expect(outputs.stream_arn?.value).toMatch(
      /^arn:aws:dynamodb:eu-west-1:111111111111:table\/biometric-vault-dev-ledger\/stream\/0ff11e00-[0-9a-f-]{27}$/,
    );
    expect(outputs.stream_arn?.provenance).toBe('placeholder');
    expect(underivable).toEqual(['queue_url']);
  });

  it('writes a state that holds only outputs, typed as Terraform records them', () => {
    // Act
    const state = outputsState(
      'dev-ledger',
      {
        a: { value: 'x', sensitive: true, provenance: 'plan' },
        b: { value: ['y', 1], sensitive: false, provenance: 'plan' },
      },
      '1.11.4',
    );
    // Assess
    expect(state).toMatchObject({
      version: 4,
      terraform_version: '1.11.4',
      outputs: {
        a: { value: 'x', type: 'string', sensitive: true },
        b: { value: ['y', 1], type: ['tuple', ['string', 'number']] },
      },
      resources: [],
    });
    expect(ctyType({ on: true })).toEqual(['object', { on: 'bool' }]);
    expect(placeholderUuid('s', 'a')).toBe(placeholderUuid('s', 'a'));
    expect(placeholderUuid('s', 'a')).not.toBe(placeholderUuid('s', 'b'));
  });
});

describe('fixtures', () => {
  it('fix the timestamp and leave out what nothing reads', () => {
    // Act
    const fixture = planFixture({
      format_version: '1.2',
      timestamp: '2026-01-01T10:00:00Z',
      planned_values: {},
      prior_state: {},
      relevant_attributes: [],
      resource_changes: [],
      configuration: {},
    });
    // Assess
    expect(fixture).toEqual({
      format_version: '1.2',
      timestamp: FIXED_TIMESTAMP,
      resource_changes: [],
      configuration: {},
    });
  });

  it('fingerprint a stack without cdktf metadata and the Lambda package, but with everything else', () => {
    // Prepare
    const base = {
      '//': { metadata: { version: '0.21.0' } },
      resource: {
        aws_lambda_function: { f: { filename: 'assets/a/verifier.zip', source_code_hash: 'h1', timeout: 30 } },
      },
    };
    const otherPackage = {
      ...base,
      resource: {
        aws_lambda_function: { f: { filename: 'assets/b/verifier.zip', source_code_hash: 'h2', timeout: 30 } },
      },
    };
    const otherTimeout = {
      ...base,
      resource: {
        aws_lambda_function: { f: { filename: 'assets/a/verifier.zip', source_code_hash: 'h1', timeout: 60 } },
      },
    };
    // Act / Assess
    expect(stackFingerprint(otherPackage)).toBe(stackFingerprint(base));
    expect(stackFingerprint({ ...base, '//': { metadata: { version: '0.21.1' } } })).toBe(stackFingerprint(base));
    expect(stackFingerprint(otherTimeout)).not.toBe(stackFingerprint(base));
  });
});

describe('the loopback AWS stub', () => {
  function call(endpoint: string, body: string, authorization: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${endpoint}/`,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  const auth = (key: string, service: string): string =>
    `AWS4-HMAC-SHA256 Credential=${key}/20260101/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;

  it('answers GetCallerIdentity and GetRole as the account of the access key, and refuses anything else', async () => {
    // Prepare
    const stub = await startAwsStub();
    try {
      // Act
      const sts = await call(
        stub.endpoint,
        'Action=GetCallerIdentity&Version=2011-06-15',
        auth(stubAccessKey('333333333333'), 'sts'),
      );
      const role = await call(
        stub.endpoint,
        'Action=GetRole&RoleName=biometric-vault-deployer',
        auth(stubAccessKey('333333333333'), 'iam'),
      );
      const otherRole = await call(
        stub.endpoint,
        'Action=GetRole&RoleName=admin',
        auth(stubAccessKey('333333333333'), 'iam'),
      );
      const other = await call(stub.endpoint, 'Action=ListBuckets', auth(stubAccessKey('333333333333'), 's3'));
      const anonymous = await call(stub.endpoint, 'Action=GetCallerIdentity', auth('AKIAREALKEY', 'sts'));
      // Assess
      expect(sts.status).toBe(200);
      expect(sts.text).toContain('<Account>333333333333</Account>');
      expect(sts.text).toContain(
        '<Arn>arn:aws:sts::333333333333:assumed-role/biometric-vault-deployer/terraform-plan</Arn>',
      );
      expect(role.text).toContain('<Arn>arn:aws:iam::333333333333:role/biometric-vault-deployer</Arn>');
      expect([otherRole.status, other.status, anonymous.status]).toEqual([404, 400, 403]);
      expect(stub.requests.map((r) => [r.service, r.action, r.handled])).toEqual([
        ['sts', 'GetCallerIdentity', true],
        ['iam', 'GetRole', true],
        ['iam', 'GetRole', true],
        ['s3', 'ListBuckets', false],
        ['sts', 'GetCallerIdentity', false],
      ]);
    } finally {
      await stub.close();
    }
  });
});

describe('policies unknown at plan time', () => {
  const rc = (address: string, mode: 'managed' | 'data', unknown: JsonObject, actions: PlanAction[] = ['create']) => {
    const [type = '', name = ''] = address.replace(/^data\./, '').split('.');
    return {
      address,
      mode,
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: { actions, before: null, after: {}, after_unknown: unknown },
    };
  };
  const ref = (...refs: string[]) => ({ references: refs });
  const plan = (deferred: boolean): TerraformPlan => ({
    format_version: '1.2',
    resource_changes: [
      rc('aws_s3_bucket.b', 'managed', { arn: true, id: true }),
      rc('aws_s3_bucket_policy.p', 'managed', deferred ? { policy: true } : {}),
      rc('aws_sqs_queue.q', 'managed', { arn: true, redrive_policy: true }),
      ...(deferred ? [rc('data.aws_iam_policy_document.tls', 'data', { json: true }, ['read'])] : []),
      ...(deferred ? [rc('data.aws_iam_policy_document.merged', 'data', { json: true }, ['read'])] : []),
    ],
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_s3_bucket.b', expressions: { bucket: { constant_value: 'b' } } },
          {
            address: 'aws_s3_bucket_policy.p',
            expressions: {
              bucket: ref('aws_s3_bucket.b.id', 'aws_s3_bucket.b'),
              policy: ref('data.aws_iam_policy_document.merged.json', 'data.aws_iam_policy_document.merged'),
            },
          },
          {
            address: 'data.aws_iam_policy_document.merged',
            expressions: {
              source_policy_documents: ref('data.aws_iam_policy_document.tls.json', 'data.aws_iam_policy_document.tls'),
            },
          },
          {
            address: 'data.aws_iam_policy_document.tls',
            expressions: { statement: [{ resources: ref('aws_s3_bucket.b.arn', 'aws_s3_bucket.b') }] },
          },
          {
            address: 'aws_sqs_queue.q',
            expressions: { redrive_policy: ref('aws_sqs_queue.dlq.arn', 'aws_sqs_queue.dlq') },
          },
        ],
      },
    },
  });

  it('names the policy and the same-stack attribute behind it, through the documents that merge it', () => {
    expect(unknownPolicies(plan(true))).toEqual([
      {
        address: 'aws_s3_bucket_policy.p',
        attribute: 'policy',
        causes: [
          {
            reference: 'aws_s3_bucket.b.arn',
            through: ['data.aws_iam_policy_document.merged', 'data.aws_iam_policy_document.tls'],
          },
        ],
      },
    ]);
  });

  it('finds none when the documents were read at plan time, and never counts a redrive policy', () => {
    expect(unknownPolicies(plan(false))).toEqual([]);
  });
});

describe('stacks and the stacks they read', () => {
  it('plans a stack after every stack it reads, transitively, and refuses an unknown one', () => {
    // Prepare
    const all = [
      { name: 'dev-keys', env: 'dev', concern: 'keys', backend: 's3', reads: [] },
      { name: 'dev-storage', env: 'dev', concern: 'storage', backend: 's3', reads: ['dev-keys'] },
      { name: 'dev-ledger', env: 'dev', concern: 'ledger', backend: 's3', reads: ['dev-keys'] },
      { name: 'dev-verifier', env: 'dev', concern: 'verifier', backend: 's3', reads: ['dev-storage'] },
    ];
    // Act / Assess
    expect(withUpstreams(all, ['dev-verifier']).map((s) => s.name)).toEqual([
      'dev-keys',
      'dev-storage',
      'dev-verifier',
    ]);
    expect(() => withUpstreams(all, ['dev-nope'])).toThrow('no synthesized stack dev-nope');
  });
});

describe('the committed real-plan fixtures', () => {
  it('cover every stack of dev and prod, each planned from the configuration synthesized now', () => {
    // Prepare
    const app = synthEnvironments([ENVIRONMENTS.dev, ENVIRONMENTS.prod]);
    // Act
    const current = Object.fromEntries(Object.entries(app.stacks).map(([name, s]) => [name, stackFingerprint(s.json)]));
    const committed = Object.fromEntries(Object.entries(manifest.stacks).map(([name, e]) => [name, e.fingerprint]));
    // Assess: on a difference, run `npm run plan:fixtures` (Terraform and the provider mirror) and commit.
    expect(committed).toEqual(current);
  });

  it('record what the 5.100 provider cannot show, and that only ids and stream labels AWS assigns are invented', () => {
    // Act
    const dropped = Object.entries(manifest.stacks).flatMap(([stack, e]) =>
      e.shims.filter((s) => s.dropped !== undefined).map((s) => `${stack}: ${s.id}`),
    );
    const placeholders = Object.values(manifest.stacks).flatMap((e) =>
      Object.values(e.upstreamOutputs).flatMap((o) =>
        Object.entries(o)
          .filter(([, p]) => p === 'placeholder')
          .map(([n]) => n),
      ),
    );
    // Assess
    expect(manifest.provider).toEqual({ pinned: '6.25.0', planned: MIRROR_PROVIDER_VERSION });
    expect(dropped).toEqual(
      expect.arrayContaining(['dev-storage: sse-blocked-encryption-types', 'dev-audit: log-group-deletion-protection']),
    );
    expect(placeholders.length).toBeGreaterThan(0);
    expect(placeholders.every((n) => /kms_key|key_arn|code_signing_config|stream_arn/.test(n))).toBe(true);
    for (const stack of Object.keys(manifest.stacks)) {
      const text = readFileSync(join(FIXTURES, `${stack}.json`), 'utf8');
      expect(text).not.toMatch(/\/tmp\/|\/work\/|\/home\//);
    }
  });
});

describe('plan-fixtures command line', () => {
  function io(): CliIo & { err: () => string } {
    let err = '';
    return {
      stdout: () => undefined,
      stderr: (t) => (err += t),
      readFile: () => '',
      writeFile: () => undefined,
      err: () => err,
    };
  }

  it('skips, saying why, where Terraform is missing; --require makes that a failure', async () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'vault-fixtures-'));
    const quiet = io();
    const strict = io();
    try {
      // Act
      const skipped = await runCli(['--terraform', '/no/such/terraform', '--out', out], quiet);
      const required = await runCli(['--terraform', '/no/such/terraform', '--out', out, '--require'], strict);
      // Assess
      expect([skipped, required]).toEqual([0, 1]);
      expect(quiet.err()).toContain(
        'plan-fixtures: skipped: an offline plan is not possible here: no Terraform binary',
      );
      expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('skips where the mirror lacks the provider, and rejects bad usage', async () => {
    // Prepare
    const noMirror = io();
    const bad = io();
    // Act
    const codes = [
      await runCli(['--mirror', '/no/such/mirror'], noMirror),
      await runCli(['--env', 'Prod!'], bad),
      await runCli(['--frobnicate'], io()),
      await runCli(['stray'], io()),
    ];
    // Assess
    expect(codes).toEqual([0, 64, 64, 64]);
    if (noMirror.err().includes('no Terraform binary')) return; // no Terraform here: the first check wins
    expect(noMirror.err()).toContain('the provider mirror has no hashicorp/aws 5.100.0');
  });
});

/**
 * The generator end to end, where Terraform and the provider mirror exist (this machine; not the CI
 * machines, which have neither): one stack planned offline must reproduce its committed fixture
 * byte for byte.
 */
const terraformHere = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const mirrorHere = existsSync(
  join(DEFAULT_MIRROR, 'registry.terraform.io', 'hashicorp', 'aws', MIRROR_PROVIDER_VERSION, 'linux_amd64'),
);
const skipReason = !terraformHere
  ? ' [skipped: no terraform binary on PATH]'
  : !mirrorHere
    ? ` [skipped: no hashicorp/aws ${MIRROR_PROVIDER_VERSION} in ${DEFAULT_MIRROR}]`
    : '';

(skipReason === '' ? describe : describe.skip)(`offline terraform plan${skipReason}`, () => {
  it('reproduces the committed dev-state fixture, with only STS calls made', async () => {
    // Prepare
    const work = mkdtempSync(join(tmpdir(), 'vault-offline-plan-'));
    try {
      const app = new App({ outdir: join(work, 'synth') });
      buildEnvironment(app, ENVIRONMENTS.dev);
      app.synth();
      const pre = await checkPrerequisites({
        terraform: 'terraform',
        mirror: DEFAULT_MIRROR,
        providerVersion: MIRROR_PROVIDER_VERSION,
      });
      if (!pre.ok) throw new Error(pre.why);
      // Act
      const [result] = await planStacks({
        synthDir: join(work, 'synth'),
        stacks: ['dev-state'],
        workDir: join(work, 'scratch'),
        terraform: 'terraform',
        mirror: DEFAULT_MIRROR,
        providerVersion: MIRROR_PROVIDER_VERSION,
        terraformVersion: pre.terraformVersion,
        progress: () => undefined,
      });
      // Assess
      const planned = present(result, 'the dev-state result');
      expect(planned.status).toBe('planned');
      expect(fixtureText(present(planned.fixture, 'the fixture'))).toBe(
        readFileSync(join(FIXTURES, 'dev-state.json'), 'utf8'),
      );
      expect(planned.entry?.awsCalls).toEqual(['sts:GetCallerIdentity', 'sts:GetCallerIdentity']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});

test('the offline plan suite says why it is skipped', () => {
  // A skipped end-to-end run must never look like a passed one.
  expect(skipReason === '' || skipReason.includes('[skipped: ')).toBe(true);
});

/**
 * The generator's orchestration with a stand-in `terraform` (a shell script that answers `version`,
 * `init`, `plan` and `show` from canned plans), so it runs on machines without Terraform too: order,
 * upstream outputs as local state, blocked stacks, the fixtures, the manifest and `--check`.
 */
describe('plan-fixtures with a stand-in terraform', () => {
  const keysPlan = {
    format_version: '1.2',
    terraform_version: '1.11.4',
    timestamp: '2026-02-03T04:05:06Z',
    prior_state: DEV_SCOPE,
    planned_values: { root_module: { resources: [{ address: 'aws_kms_key.k', values: {} }] } },
    relevant_attributes: [],
    configuration: {
      root_module: { outputs: { key_arn: { expression: { references: ['aws_kms_key.k.arn', 'aws_kms_key.k'] } } } },
    },
    resource_changes: [
      {
        address: 'aws_kms_key.k',
        mode: 'managed',
        type: 'aws_kms_key',
        name: 'k',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], before: null, after: {}, after_unknown: { arn: true } },
      },
    ],
    output_changes: { key_arn: { actions: ['create'], before: null, after: null, after_unknown: true } },
  };
  const ledgerPlan = { ...keysPlan, output_changes: {}, configuration: { root_module: {} } };
  const stack = (reads: string[]): JsonObject => ({
    provider: { aws: [{ allowed_account_ids: ['111111111111'], region: 'eu-west-1' }] },
    terraform: {
      required_providers: { aws: { source: 'hashicorp/aws', version: '6.25.0' } },
      backend: { s3: { bucket: 'b', key: 'dev/x.tfstate' } },
    },
    data: {
      terraform_remote_state: Object.fromEntries(
        reads.map((r) => [
          `cross-stack-reference-input-${r}`,
          { backend: 's3', config: { bucket: 'b', key: `dev/${r}.tfstate` } },
        ]),
      ),
    },
  });
  let root = '';
  const fake = (): string => join(root, 'bin', 'terraform');
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'vault-fake-tf-'));
    for (const [name, json] of [
      ['dev-keys', stack([])],
      ['dev-ledger', stack(['dev-keys'])],
      ['dev-verifier', stack(['dev-ledger'])],
    ] as const) {
      mkdirSync(join(root, 'synth', 'stacks', name), { recursive: true });
      writeFileSync(join(root, 'synth', 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
    }
    mkdirSync(join(root, 'bin', 'plans'), { recursive: true });
    writeFileSync(join(root, 'bin', 'plans', 'dev-keys.json'), JSON.stringify(keysPlan));
    writeFileSync(join(root, 'bin', 'plans', 'dev-ledger.json'), JSON.stringify(ledgerPlan));
    writeFileSync(join(root, 'bin', 'plans', 'dev-verifier.json'), JSON.stringify(ledgerPlan));
    // `plan` fails for a stack whose plans/<stack>.fail exists; `show` prints plans/<stack>.json and
    // records the remote state the stack was given next to it.
    writeFileSync(
      fake(),
      [
        '#!/bin/sh',
        'here=$(dirname "$0"); stack=$(basename "$PWD")',
        'case "$1" in',
        '  version) echo \'{"terraform_version":"1.11.4"}\' ;;',
        '  init) test -f cdk.tf.json ;;',
        '  plan) if [ -f "$here/plans/$stack.fail" ]; then echo "Error: Invalid reference" >&2; exit 1; fi ;;',
        '  show) cat ../../remote-state/*.tfstate > "$here/plans/$stack.given" 2>/dev/null; cat "$here/plans/$stack.json" ;;',
        'esac',
      ].join('\n'),
    );
    chmodSync(fake(), 0o755);
    mkdirSync(
      join(root, 'mirror', 'registry.terraform.io', 'hashicorp', 'aws', MIRROR_PROVIDER_VERSION, 'linux_amd64'),
      {
        recursive: true,
      },
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function cliIo(): CliIo & { out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      readFile: () => '',
      writeFile: () => undefined,
      out: () => out,
      err: () => err,
    };
  }
  const args = (...extra: string[]): string[] => [
    '--terraform',
    fake(),
    '--mirror',
    join(root, 'mirror'),
    '--synth-dir',
    join(root, 'synth'),
    '--env',
    'dev',
    '--out',
    join(root, 'fixtures'),
    ...extra,
  ];

  it('plans upstream stacks first, hands their outputs on as local state, and writes fixtures and manifest', async () => {
    // Prepare
    const io = cliIo();
    // Act
    const code = await runCli(args('--stack', 'dev-ledger'), io);
    // Assess
    expect(code).toBe(0);
    expect(readdirSync(join(root, 'fixtures')).sort()).toEqual(['dev-ledger.json', 'manifest.json']);
    const given = readFileSync(join(root, 'bin', 'plans', 'dev-ledger.given'), 'utf8');
    expect(given).toMatch(/"key_arn": \{\s*"value": "arn:aws:kms:eu-west-1:111111111111:key\/0ff11e00-/);
    const fixture = JSON.parse(readFileSync(join(root, 'fixtures', 'dev-ledger.json'), 'utf8')) as JsonObject;
    expect(Object.keys(fixture).sort()).toEqual([
      'configuration',
      'format_version',
      'output_changes',
      'resource_changes',
      'terraform_version',
      'timestamp',
    ]);
    expect(fixture.timestamp).toBe(FIXED_TIMESTAMP);
    const written = JSON.parse(readFileSync(join(root, 'fixtures', 'manifest.json'), 'utf8')) as Manifest;
    expect(written.provider).toEqual({ pinned: '6.25.0', planned: '5.100.0' });
    expect(Object.keys(written.stacks)).toEqual(['dev-ledger']);
    expect(written.stacks['dev-ledger']?.upstreamOutputs).toEqual({ 'dev-keys': { key_arn: 'placeholder' } });
    expect(io.err()).toMatch(/dev-keys: planned in [\d.]+ s \(1 create; AWS calls: none\)\ndev-ledger: planned/);
  });

  it('does not plan a stack whose upstream failed, writes nothing, and exits 1 naming both', async () => {
    // Prepare
    writeFileSync(join(root, 'bin', 'plans', 'dev-ledger.fail'), '');
    const io = cliIo();
    // Act
    const code = await runCli(args(), io);
    // Assess
    expect(code).toBe(1);
    expect(io.err()).toContain('dev-ledger: FAILED at plan');
    expect(io.err()).toContain('Error: Invalid reference');
    expect(io.err()).toContain(
      'dev-verifier: blocked (not planned: the plan of dev-ledger, whose outputs it reads, did not succeed)',
    );
    expect(io.err()).toContain('2 stack(s) not planned: dev-ledger, dev-verifier; nothing written');
    expect(existsSync(join(root, 'fixtures'))).toBe(false);
  });

  it('--check passes on fixtures it just wrote and fails, naming the stack, on a stale one', async () => {
    // Prepare
    expect(await runCli(args(), cliIo())).toBe(0);
    const same = cliIo();
    const stale = cliIo();
    // Act
    const clean = await runCli(args('--check'), same);
    writeFileSync(join(root, 'fixtures', 'dev-keys.json'), '{}\n');
    const changed = await runCli(args('--check'), stale);
    // Assess
    expect([clean, changed]).toEqual([0, 1]);
    expect(same.out()).toContain('3 fixture(s) match a fresh plan');
    expect(stale.err()).toContain(
      'the committed fixtures of dev-keys differ from a fresh plan: run npm run plan:fixtures',
    );
  });

  it('a full run removes the fixture of a stack that is no longer planned; --stack keeps the others', async () => {
    // Prepare
    mkdirSync(join(root, 'fixtures'), { recursive: true });
    writeFileSync(join(root, 'fixtures', 'dev-gone.json'), '{}');
    // Act
    await runCli(args('--stack', 'dev-keys'), cliIo());
    const afterOne = readdirSync(join(root, 'fixtures')).sort();
    await runCli(args(), cliIo());
    const afterAll = readdirSync(join(root, 'fixtures')).sort();
    // Assess
    expect(afterOne).toEqual(['dev-gone.json', 'dev-keys.json', 'manifest.json']);
    expect(afterAll).toEqual(['dev-keys.json', 'dev-ledger.json', 'dev-verifier.json', 'manifest.json']);
  });

  it('rejects a stack that is not synthesized for the environments', async () => {
    // Prepare
    const io = cliIo();
    // Act
    const code = await runCli(args('--stack', 'prod-keys'), io);
    // Assess
    expect(code).toBe(64);
    expect(io.err()).toContain('--stack prod-keys: not a stack of dev (dev-keys, dev-ledger, dev-verifier)');
  });
});
