// `npm run erase`: the command line of tools/erasure (see cli.ts for usage and exit codes).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { processIo } from '../cli/io';
import { runErase } from '../erasure/cli';
import { fileJournal } from '../erasure/journal';

runErase(
  process.argv.slice(2),
  {
    clients: (region) => ({
      s3: new S3Client({ region }),
      dynamodb: new DynamoDBClient({ region }),
      sts: new STSClient({ region }),
    }),
    journal: fileJournal,
  },
  processIo,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`erase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
