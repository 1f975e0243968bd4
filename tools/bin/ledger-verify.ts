// `npm run ledger:verify`: the command line of tools/ledger-verify (see cli.ts for usage and exit codes).
import { processIo } from '../cli/io';
import { runLedgerVerify } from '../ledger-verify/cli';

runLedgerVerify(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Anything else is a defect of the tool: shown with its stack, exit 70 (EX_SOFTWARE).
    process.stderr.write(`ledger-verify: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
