/**
 * `npx tsx tools/bin/signing-target.ts --env <name> --account <id>`
 *
 * Prints where the deploy workflow signs the verifier package for an environment: its artifact
 * bucket and its AWS Signer profile, separated by a space (the arguments of
 * `.github/scripts/sign-verifier.sh`). Both names come from `config/names.ts`, which the stacks that
 * create them use too; the account is the one the signer's credentials are in (`aws sts
 * get-caller-identity`) and must be one of the environment's `allowedAccountIds`.
 */
import { ENVIRONMENTS } from '../../config/environments';
import { resourceNames } from '../../config/names';
import { EXIT_USAGE, readCommandLine } from '../cli/args';
import type { CliIo } from '../cli/io';

const USAGE = `usage: signing-target --env <name> --account <id>
  --env <name>     environment in config/environments.ts
  --account <id>   the AWS account the signer works in (one of the environment's allowedAccountIds)
prints: <artifact bucket> <signing profile>
exit: 0 done, 64 bad usage`;

/** The artifact bucket and the signing profile of an environment in an account. */
export function signingTarget(envName: string, account: string): { bucket: string; profile: string } {
  const env = Object.prototype.hasOwnProperty.call(ENVIRONMENTS, envName)
    ? ENVIRONMENTS[envName as keyof typeof ENVIRONMENTS]
    : undefined;
  if (env === undefined)
    throw new Error(
      `--env: unknown environment ${JSON.stringify(envName)}; known: ${Object.keys(ENVIRONMENTS).join(', ')}`,
    );
  if (!env.allowedAccountIds.includes(account))
    throw new Error(
      `--account: ${JSON.stringify(account)} is not one of ${env.name}'s allowedAccountIds (${env.allowedAccountIds.join(', ')})`,
    );
  const names = resourceNames(env);
  return { bucket: `${names.artifactBucketPrefix}-${account}`, profile: names.signingProfile };
}

/** The command: prints `<bucket> <profile>`; returns the exit status. */
export function runSigningTarget(argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>): number {
  const line = readCommandLine(
    'signing-target',
    USAGE,
    argv,
    { env: { type: 'string' }, account: { type: 'string' } },
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  if (values.env === undefined || values.account === undefined || positionals.length > 0) {
    io.stderr(`signing-target: --env and --account are required, and nothing else\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  try {
    const target = signingTarget(values.env, values.account);
    io.stdout(`${target.bucket} ${target.profile}\n`);
    return 0;
  } catch (error) {
    io.stderr(`signing-target: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
}
