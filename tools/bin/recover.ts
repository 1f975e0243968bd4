// `npm run recover`: the command line of tools/recovery (see cli.ts for commands and exit codes).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { EXIT_USAGE, UsageError } from '../cli/args';
import { runRecovery } from '../recovery/cli';

runRecovery(process.argv.slice(2), (region) => ({
  s3: new S3Client({ region }),
  dynamodb: new DynamoDBClient({ region }),
  kms: new KMSClient({ region }),
})).then(
  (lines) => {
    process.stdout.write(`${lines.join('\n')}\n`);
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(
      `recover: ${error instanceof Error ? error.message : String(error)}\n${usage ? 'npm run recover -- --help lists the commands and their options\n' : ''}`,
    );
    process.exitCode = usage ? EXIT_USAGE : 1;
  },
);
