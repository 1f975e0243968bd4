// `npm run recover`: the command line of tools/recovery (see cli.ts for commands and exit codes).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { EXIT_USAGE, UsageError } from '../cli/args';
import { describeAwsFailure } from '../cli/aws-errors';
import { runRecovery } from '../recovery/cli';

let lastRegion = 'the configured region';
runRecovery(
  process.argv.slice(2),
  (region) => {
    lastRegion = region;
    return { s3: new S3Client({ region }), dynamodb: new DynamoDBClient({ region }), kms: new KMSClient({ region }) };
  },
  undefined,
  undefined,
  // Progress goes to stderr, so stdout stays the result a script reads.
  (message) => process.stderr.write(`recover: ${message}\n`),
).then(
  (lines) => {
    process.stdout.write(`${lines.join('\n')}\n`);
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    const message = usage ? error.message : describeAwsFailure(error, lastRegion);
    process.stderr.write(
      `recover: ${message}\n${usage ? 'npm run recover -- --help lists the commands, their options and exit codes\n' : ''}`,
    );
    process.exitCode = usage ? EXIT_USAGE : 1;
  },
);
