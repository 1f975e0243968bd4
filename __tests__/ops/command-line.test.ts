import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseCommandLine, UsageError } from '../../tools/cli/args';
import type { CliIo } from '../../tools/cli/io';
import { runOrderedStacks } from '../../tools/ci/ordered-stacks';
import { runControlsTable } from '../../tools/controls-table/controls-doc';
import { runRecovery } from '../../tools/recovery/cli';
import { parseArgs } from '../../tools/verify-deployment/cli';

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
