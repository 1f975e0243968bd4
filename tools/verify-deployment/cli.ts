/**
 * `npm run verify:deployment -- --env <name> [options]` (entry point: `tools/bin/verify-deployment.ts`)
 *
 * Checks the live account against the synthesized intent (run `npm run synth` first; the key
 * policy is compared with the keys stack's Terraform state in the state bucket). Each check is
 * printed as it completes, then a pass/fail table with evidence; `--json <file>` writes the results
 * for a workflow. Options and exit codes: `USAGE` below. The region is the environment's (config).
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames, stackName, stateKey, type Concern } from '../../config/names';
import { selectEnvironments } from '../../config/select';
import type { EnvironmentConfig } from '../../config/types';
import { EXIT_USAGE, parseCommandLine, UsageError } from '../cli/args';
import { describeAwsFailure } from '../cli/aws-errors';
import { checkAlertPath } from './checks/alerting';
import { checkEndToEnd } from './checks/end-to-end';
import { checkVaultKey } from './checks/key';
import { checkSseKms, cleanUpProbe, newProbe } from './checks/storage';
import { checkGuardDuty } from './checks/threat-detection';
import { checkLogIntegrity, checkTrail } from './checks/trail';
import { errorName, errorText, type VerifyClients, type VerifyContext, type VerifyOptions } from './context';
import type { SynthesizedStack } from './intent';
import { probePng } from './probe-image';
import { renderMarkdown, renderTable, skip, type CheckResult } from './report';

export const CHECK_IDS = [
  'vault-key',
  'sse-kms',
  'trail',
  'log-integrity',
  'guardduty',
  'alert-path',
  'end-to-end',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface ParsedArgs {
  readonly env: EnvironmentConfig;
  readonly only: ReadonlySet<CheckId>;
  readonly digestHours: number;
  readonly e2eTimeoutMs: number;
  readonly alertTimeoutMs: number;
  readonly probeImagePath?: string;
  readonly synthDir: string;
  readonly markdown?: string;
  readonly json?: string;
}

export const USAGE = `usage: verify-deployment --env <name> [options]

Checks a live environment against the synthesized intent, with the default AWS credentials, in the
environment's region (config/environments.ts). Run \`npm run synth\` first.

options:
  --env <name>            environment from config/environments.ts (required)
  --only <id,...>         run only these checks: ${CHECK_IDS.join(', ')}
  --digest-hours <n>      hours of CloudTrail digests to validate, ending now (default 24)
  --e2e-timeout <s>       seconds to wait for the probe's ledger record (default 90)
  --alert-timeout <s>     seconds to wait for the two test alerts of alert-path (default 180)
  --probe-image <file>    image uploaded as the probe (default: a generated 96x96 PNG)
  --synth-dir <dir>       synthesized output (default cdktf.out)
  --markdown <file>       also append the table as Markdown (for $GITHUB_STEP_SUMMARY)
  --json <file>           also write the results as JSON
  -h, --help              print this help

exit status:
  0   every check passed or was skipped with a reason
  1   a check failed, or AWS could not be reached (the message says: network, credentials or access)
  64  bad usage (unknown option, missing or invalid value)`;

/** Parses the arguments (`{ help: true }` for `--help`); collects every problem before failing. */
export function parseArgs(
  argv: readonly string[],
  environments: Readonly<Record<string, EnvironmentConfig>> = ENVIRONMENTS,
): ParsedArgs | { readonly help: true } {
  const { values, positionals } = parseCommandLine(argv, {
    env: { type: 'string' },
    only: { type: 'string' },
    'digest-hours': { type: 'string' },
    'e2e-timeout': { type: 'string' },
    'alert-timeout': { type: 'string' },
    'probe-image': { type: 'string' },
    'synth-dir': { type: 'string' },
    markdown: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) return { help: true };
  const problems = positionals.map((arg) => `unexpected argument ${JSON.stringify(arg)}`);
  let env: EnvironmentConfig | undefined;
  const envName = values.env;
  if (envName === undefined) problems.push('--env <name> is required');
  else {
    try {
      [env] = selectEnvironments(envName, environments);
      if (envName.includes(',') || envName === 'all')
        problems.push(`--env takes one environment (received ${JSON.stringify(envName)})`);
    } catch (error) {
      problems.push(errorText(error));
    }
  }
  const only = new Set<CheckId>();
  for (const id of (values.only ?? CHECK_IDS.join(',')).split(',').map((s) => s.trim())) {
    if ((CHECK_IDS as readonly string[]).includes(id)) only.add(id as CheckId);
    else problems.push(`--only: unknown check ${JSON.stringify(id)}; known: ${CHECK_IDS.join(', ')}`);
  }
  const number = (
    name: 'digest-hours' | 'e2e-timeout' | 'alert-timeout',
    fallback: number,
    min: number,
    max: number,
  ): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      problems.push(`--${name} must be an integer from ${min} to ${max} (received ${JSON.stringify(raw)})`);
    return n;
  };
  const digestHours = number('digest-hours', 24, 1, 24 * 90);
  const e2eTimeout = number('e2e-timeout', 90, 5, 900);
  const alertTimeout = number('alert-timeout', 180, 10, 900);
  const probeImagePath = values['probe-image'];
  if (probeImagePath !== undefined && !existsSync(probeImagePath))
    problems.push(`--probe-image: no such file ${probeImagePath}`);
  if (problems.length > 0 || env === undefined) throw new UsageError(problems.join('\n'));
  const markdown = values.markdown;
  const json = values.json;
  return {
    env,
    only,
    digestHours,
    e2eTimeoutMs: e2eTimeout * 1000,
    alertTimeoutMs: alertTimeout * 1000,
    synthDir: values['synth-dir'] ?? 'cdktf.out',
    ...(probeImagePath !== undefined ? { probeImagePath } : {}),
    ...(markdown !== undefined ? { markdown } : {}),
    ...(json !== undefined ? { json } : {}),
  };
}

/**
 * Runs the selected checks in order; the probe objects are deleted whatever happens. `onResult`
 * hears each check as it completes (the end-to-end probe alone can take minutes).
 */
export async function runChecks(
  ctx: VerifyContext,
  only: ReadonlySet<CheckId>,
  onResult: (result: CheckResult) => void = () => undefined,
): Promise<{ results: CheckResult[]; cleanup: string[] }> {
  const results: CheckResult[] = [];
  const record = (r: CheckResult): void => {
    results.push(r);
    onResult(r);
  };
  const probe = newProbe(ctx);
  let cleanup: string[] = [];
  try {
    if (only.has('vault-key')) record(await checkVaultKey(ctx));
    if (only.has('sse-kms') || only.has('end-to-end')) {
      const sse = await checkSseKms(ctx, probe);
      if (only.has('sse-kms')) record(sse);
    }
    if (only.has('trail') || only.has('log-integrity')) {
      const trail = await checkTrail(ctx);
      if (only.has('trail')) record(trail.result);
      if (only.has('log-integrity')) record(await checkLogIntegrity(ctx, trail.facts));
    }
    if (only.has('guardduty')) record(await checkGuardDuty(ctx));
    if (only.has('alert-path')) record(await checkAlertPath(ctx));
    if (only.has('end-to-end')) record(await checkEndToEnd(ctx, probe));
  } finally {
    if (probe.written.size > 0) cleanup = await cleanUpProbe(ctx, probe);
  }
  const skipped = CHECK_IDS.filter((id) => !only.has(id)).map((id) => skip(id, id, 'not selected (--only)'));
  return { results: [...results, ...skipped], cleanup };
}

export function readSynth(
  synthDir: string,
  env: EnvironmentConfig,
): (concern: Concern) => SynthesizedStack | undefined {
  return (concern) => {
    const file = join(synthDir, 'stacks', stackName(env, concern), 'cdk.tf.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SynthesizedStack) : undefined;
  };
}

/** The command: verifies the live account with the default AWS credentials; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ParsedArgs | { readonly help: true };
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`verify-deployment: ${error.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if ('help' in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const args = parsed;
  const env = args.env;
  const region = env.region;
  const clients: VerifyClients = {
    s3: new S3Client({ region }),
    kms: new KMSClient({ region }),
    cloudtrail: new CloudTrailClient({ region }),
    guardduty: new GuardDutyClient({ region }),
    dynamodb: new DynamoDBClient({ region }),
    sns: new SNSClient({ region }),
    sqs: new SQSClient({ region }),
    cloudwatch: new CloudWatchClient({ region }),
    events: new EventBridgeClient({ region }),
  };
  let identity;
  try {
    identity = await new STSClient({ region }).send(new GetCallerIdentityCommand({}));
  } catch (error) {
    process.stderr.write(`verify-deployment: ${describeAwsFailure(error, region)}\n`);
    return 1;
  }
  const accountId = identity.Account ?? '';
  if (!env.allowedAccountIds.includes(accountId)) {
    process.stderr.write(
      `verify-deployment: credentials are for account ${accountId}, environment ${env.name} allows ${env.allowedAccountIds.join(', ')}\n`,
    );
    return 1;
  }
  const options: VerifyOptions = {
    digestHours: args.digestHours,
    e2eTimeoutMs: args.e2eTimeoutMs,
    alertTimeoutMs: args.alertTimeoutMs,
    runId: `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
    probeImage: args.probeImagePath !== undefined ? readFileSync(args.probeImagePath) : probePng(),
  };
  const ctx: VerifyContext = {
    env,
    accountId,
    partition: identity.Arn?.split(':')[1] ?? 'aws',
    names: resourceNames(env),
    clients,
    options,
    synth: readSynth(args.synthDir, env),
    state: async (concern) => {
      try {
        const r = await clients.s3.send(
          new GetObjectCommand({ Bucket: env.stateBucketName, Key: stateKey(env, concern) }),
        );
        return r.Body === undefined ? undefined : await r.Body.transformToString();
      } catch (error) {
        if (errorName(error) === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  process.stdout.write(`Verifying ${env.name} in account ${accountId}, ${region} (${identity.Arn ?? '?'})\n`);
  const started = Date.now();
  let done = 0;
  const { results, cleanup } = await runChecks(ctx, args.only, (r) => {
    done += 1;
    process.stdout.write(
      `[${done}/${args.only.size}] ${r.status.toUpperCase()} ${r.title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  });
  process.stdout.write(`\n${renderTable(results)}`);
  if (args.json !== undefined)
    writeFileSync(args.json, `${JSON.stringify({ environment: env.name, accountId, region, results }, null, 2)}\n`);
  for (const note of cleanup) process.stdout.write(`cleanup: ${note}\n`);
  if (args.markdown !== undefined)
    appendFileSync(args.markdown, renderMarkdown(results, `Deployment verification: ${env.name} (${accountId})`));
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}
