/**
 * The one argument parser of the operator tools: Node's `util.parseArgs` in strict mode, so every
 * tool rejects an unknown option, an option without its value and a value given to a flag the
 * same way, with a `UsageError` the tool prints before exiting `EXIT_USAGE`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearest } from '../../config/validate';
import type { CliIo } from './io';

/** Exit status of a tool called wrongly (sysexits' `EX_USAGE`). */
export const EXIT_USAGE = 64;

/** A command line the tool cannot run: the message names the option and what is wrong with it. */
export class UsageError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** The options a tool accepts, as `util.parseArgs` takes them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

interface StrictConfig<O extends OptionSpec> {
  args: string[];
  options: O;
  strict: true;
  allowPositionals: true;
}

/** The parsed values (typed by the spec) and the positional arguments, which the tool checks itself. */
export type CommandLine<O extends OptionSpec> = ReturnType<typeof parseArgs<StrictConfig<O>>>;

/** Parses `argv` against `options`; throws a `UsageError` for anything the spec does not allow. */
export function parseCommandLine<const O extends OptionSpec>(argv: readonly string[], options: O): CommandLine<O> {
  try {
    return parseArgs<StrictConfig<O>>({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(usageMessage(error, Object.keys(options)), { cause: error });
  }
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A tool's command line with `--help`/`-h` added: the parsed line, or the exit status to end with
 * when the tool should not run: `EXIT_USAGE` after printing the problem and the usage to stderr,
 * 0 after printing the usage to stdout for `--help`.
 */
export function readCommandLine<const O extends OptionSpec>(
  tool: string,
  usage: string,
  argv: readonly string[],
  options: O,
  io: Pick<CliIo, 'stdout' | 'stderr'>,
): CommandLine<O & typeof HELP> | number {
  let line: CommandLine<O & typeof HELP>;
  try {
    line = parseCommandLine(argv, { ...options, ...HELP });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${tool}: ${error.message}\n${usage}\n`);
    return EXIT_USAGE;
  }
  // The values' type is only resolved where O is known; `help` is always in the spec here.
  if ((line.values as { readonly help?: boolean }).help === true) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  return line;
}

/**
 * `util.parseArgs`' messages in the tools' wording ("unknown option --evn; did you mean --env?",
 * "--x needs a value"). `known` are the option names of the spec, for the suggestion.
 */
function usageMessage(error: unknown, known: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown?.[1] !== undefined) {
    const hint = nearest(unknown[1].replace(/^-+/, ''), known);
    return `unknown option ${unknown[1]}${hint !== undefined ? `; did you mean --${hint}?` : ''}`;
  }
  // "Option '-o, --output <value>' argument missing", "Option '--output' argument is ambiguous", ...
  const option = /Option '(?:-\w, )?(-[^' ]+)/.exec(message)?.[1];
  if (option !== undefined && message.includes('argument missing')) return `${option} needs a value`;
  if (option !== undefined && message.includes('ambiguous'))
    return `${option} needs a value (one starting with "-" is written --<option>=<value>)`;
  if (option !== undefined && message.includes('does not take an argument')) return `${option} takes no value`;
  return message;
}
