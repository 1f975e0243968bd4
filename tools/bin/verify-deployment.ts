// `npm run verify:deployment`: the command line of tools/verify-deployment (see cli.ts for usage and exit codes).
import { awsFailureKind, describeAwsFailure } from '../cli/aws-errors';
import { main } from '../verify-deployment/cli';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An AWS failure is named for what it is (network, credentials, access); anything else is a
    // defect of the tool, shown with its stack.
    const text =
      awsFailureKind(error) !== 'other'
        ? describeAwsFailure(error, "the environment's region")
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`verify-deployment: ${text}\n`);
    process.exitCode = 1;
  },
);
