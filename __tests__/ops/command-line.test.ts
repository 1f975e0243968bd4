import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCommandLine, UsageError } from '../../tools/cli/args';
import type { CliIo } from '../../tools/cli/io';
import { runOrderedStacks } from '../../tools/ci/ordered-stacks';
import { runControlsTable } from '../../tools/controls-table/controls-doc';
import { runRecovery } from '../../tools/recovery/cli';
import { parseArgs, USAGE as verifyUsageText } from '../../tools/verify-deployment/cli';
import { runCli as runPlanSummary } from '../../tools/plan-summary/cli';
import { awsFailureKind, describeAwsFailure } from '../../tools/cli/aws-errors';
import type { RecoveryClients } from '../../tools/recovery/cli';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

const verifyUsage = (): string => verifyUsageText;

const ROOT = join(__dirname, '..', '..');

function io(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readFile: () => {
      throw new Error('no file expected');
    },
    writeFile: () => {
      throw new Error('no file expected');
    },
    out: () => out,
    err: () => err,
  };
}

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('the shared argument parser', () => {
  it('rejects unknown options, missing values and values given to flags, naming the option', () => {
    // Prepare
    const spec = { env: { type: 'string' }, apply: { type: 'boolean' } } as const;
    // Act
    const unknown = usageError(() => parseCommandLine(['--frobnicate'], spec));
    const missing = usageError(() => parseCommandLine(['--env'], spec));
    const ambiguous = usageError(() => parseCommandLine(['--env', '--apply'], spec));
    const flagValue = usageError(() => parseCommandLine(['--apply=yes'], spec));
    // Assess
    expect([unknown, missing, flagValue]).toEqual([
      'unknown option --frobnicate',
      '--env needs a value',
      '--apply takes no value',
    ]);
    expect(ambiguous).toContain('--env needs a value');
  });

  it('returns typed values and leaves positional arguments to the tool', () => {
    // Act
    const { values, positionals } = parseCommandLine(['a', '--env=dev', 'b', '--apply'], {
      env: { type: 'string' },
      apply: { type: 'boolean' },
    });
    // Assess
    expect(values).toEqual({ env: 'dev', apply: true });
    expect(positionals).toEqual(['a', 'b']);
  });
});

describe('every tool rejects unknown options and answers --help', () => {
  it('verify-deployment', () => {
    expect(usageError(() => parseArgs(['--env', 'dev', '--frobnicate']))).toBe('unknown option --frobnicate');
    expect(parseArgs(['--help'])).toEqual({ help: true });
  });

  it('recover', async () => {
    await expect(
      runRecovery(['versions', '--bucket', 'b', '--key', 'k', '--frobnicate'], () => {
        throw new Error('no client expected');
      }),
    ).rejects.toThrow(new UsageError('unknown option --frobnicate'));
    await expect(
      runRecovery(['versions', 'stray'], () => {
        throw new Error('no client expected');
      }),
    ).rejects.toThrow('unexpected argument "stray"');
    const help = await runRecovery(['--help'], () => {
      throw new Error('no client expected');
    });
    expect(help.join('\n')).toContain('rescue-key');
  });

  it('controls-table', () => {
    const bad = io();
    const help = io();
    expect([
      runControlsTable(['--frobnicate'], 'README.md', bad),
      runControlsTable(['--help'], 'README.md', help),
    ]).toEqual([64, 0]);
    expect(bad.err()).toContain('unknown option --frobnicate');
    expect(help.out()).toContain('--check');
  });

  it('ordered-stacks', () => {
    const bad = io();
    const help = io();
    expect([runOrderedStacks(['--frobnicate'], bad), runOrderedStacks(['--help'], help)]).toEqual([64, 0]);
    expect(bad.err()).toContain('unknown option --frobnicate');
    expect(help.out()).toContain('--remote-only');
  });
});

describe('tool entry points', () => {
  it('are imported by nothing: importing a library never runs a command', () => {
    // Prepare
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && !['node_modules', '.git', 'cdktf.out', 'dist', 'coverage'].includes(e.name))
          walk(join(dir, e.name));
        else if (e.isFile() && /\.(ts|mjs)$/.test(e.name)) files.push(join(dir, e.name));
      }
    };
    walk(ROOT);
    // Act
    const importers = files
      .filter((f) => /from '[./]+(tools\/)?bin\//.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    // In a bundle every module shares one `module`, so a `require.main === module` guard would be true in every library bundled with an entry.
    const guards = files
      .filter((f) => relative(ROOT, f).startsWith('tools') && readFileSync(f, 'utf8').includes('require.main'))
      .map((f) => relative(ROOT, f));
    // Assess
    expect(importers).toEqual([]);
    expect(guards).toEqual([]);
  });
});

describe('tools explain themselves', () => {
  const noClients = (): never => {
    throw new Error('no client expected');
  };

  it('every --help lists the options and the exit codes', async () => {
    // Prepare
    const ordered = io();
    const plan = io();
    // Act
    runOrderedStacks(['--help'], ordered);
    runPlanSummary(['--help'], plan);
    const recover = (await runRecovery(['--help'], noClients)).join('\n');
    const restoreLedger = (await runRecovery(['restore-ledger', '--help'], noClients)).join('\n');
    const verify = verifyUsage();
    // Assess
    for (const [tool, help, options] of [
      ['ordered-stacks', ordered.out(), ['--synth-dir', '--remote-only', '--with-reads']],
      ['plan-summary', plan.out(), ['--output', '--json', '--expect']],
      ['recover', recover, ['--env', '--region', '--apply', 'rescue-key']],
      ['recover restore-ledger', restoreLedger, ['--to', '--target']],
      ['verify-deployment', verify, ['--env', '--only', '--json', '--markdown']],
    ] as const) {
      for (const o of options) expect([tool, help.includes(o)]).toEqual([tool, true]);
      expect([tool, /\b64\b/.test(help) && /\b0\b/.test(help) && /\b1\b/.test(help)]).toEqual([tool, true]);
    }
    expect(restoreLedger).toMatch(/^usage: recover restore-ledger --env <e>/);
  });

  it.each([
    ['verify-deployment', () => usageError(() => parseArgs(['--evn', 'dev']))],
    [
      'ordered-stacks',
      () => {
        const bad = io();
        expect(runOrderedStacks(['--remote-onyl'], bad)).toBe(64);
        return bad.err();
      },
    ],
  ])('%s names the nearest valid option for a misspelt one', (_, run) => {
    expect(run()).toMatch(/unknown option --\S+; did you mean --(env|remote-only)\?/);
  });

  it('recover rejects a misspelt option with the nearest one', async () => {
    await expect(runRecovery(['rescue-key', '--evn', 'dev'], noClients)).rejects.toThrow(
      new UsageError('unknown option --evn; did you mean --env?'),
    );
  });

  it('recover takes the region from the environment, never a default', async () => {
    // Prepare
    const regions: string[] = [];
    const s3 = new S3Client({ region: 'eu-central-1' });
    mockClient(s3).on(ListObjectVersionsCommand).resolves({ Versions: [] });
    const clients = (region: string): RecoveryClients => {
      regions.push(region);
      return { s3, dynamodb: new DynamoDBClient({ region }), kms: new KMSClient({ region }) };
    };
    // Act
    await runRecovery(['versions', '--env', 'prod', '--bucket', 'b', '--key', 'k'], clients);
    await runRecovery(['versions', '--region', 'us-east-2', '--bucket', 'b', '--key', 'k'], clients);
    // Assess
    expect(regions).toEqual(['eu-central-1', 'us-east-2']);
    await expect(runRecovery(['versions', '--bucket', 'b', '--key', 'k'], clients)).rejects.toThrow(
      '--env <name> or --region <region> is required (there is no default region)',
    );
    await expect(
      runRecovery(['versions', '--env', 'prod', '--region', 'eu-west-1', '--bucket', 'b', '--key', 'k'], clients),
    ).rejects.toThrow('--region eu-west-1 contradicts environment prod, which is in eu-central-1');
  });
});

describe('AWS failures are named for what they are', () => {
  it('a refused connection is a network failure, not missing credentials', async () => {
    // Prepare: a loopback port nothing listens on.
    const sts = new STSClient({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    // Act
    const error = await sts.send(new GetCallerIdentityCommand({})).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Assess
    expect(awsFailureKind(error)).toBe('network');
    expect(describeAwsFailure(error, 'eu-west-1')).toMatch(
      /^network failure reaching AWS in eu-west-1 \(.*ECONNREFUSED.*\): .*this is not a credentials problem$/,
    );
  });

  it.each([
    [
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'credentials',
    ],
    [
      Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }),
      'rejected-credentials',
    ],
    [
      Object.assign(new Error('not authorized to perform kms:DescribeKey'), { name: 'AccessDeniedException' }),
      'access-denied',
    ],
    [
      new Error('wrapped', {
        cause: Object.assign(new Error('getaddrinfo EAI_AGAIN sts.eu-west-1.amazonaws.com'), { code: 'EAI_AGAIN' }),
      }),
      'network',
    ],
    [Object.assign(new Error('Table not found'), { name: 'ResourceNotFoundException' }), 'other'],
  ] as const)('%s is %s', (error, kind) => {
    expect(awsFailureKind(error)).toBe(kind);
  });
});
