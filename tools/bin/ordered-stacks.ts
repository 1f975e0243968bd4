// `npx tsx tools/bin/ordered-stacks.ts`: the command line of tools/ci/ordered-stacks.ts (see there for usage).
import { processIo } from '../cli/io';
import { runOrderedStacks } from '../ci/ordered-stacks';

process.exitCode = runOrderedStacks(process.argv.slice(2), processIo);
