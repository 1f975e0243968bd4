// `npm run verify:deployment`: the command line of tools/verify-deployment (see cli.ts for usage and exit codes).
import { main } from '../verify-deployment/cli';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `verify-deployment: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
