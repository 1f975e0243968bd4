/**
 * Snapshots kept as plain files, one file per snapshot, so that a pull request shows a change to the
 * synthesized Terraform as an ordinary diff of `dev-keys.tf` or `dev-keys.tf.json` (no Jest escaping,
 * no `exports[...]` wrapper, one stack per file).
 *
 * They follow Jest's snapshot update mode exactly as `toMatchSnapshot` does:
 * - `jest --ci` (`npm test`, CI): nothing is written; a difference or a missing file fails the test.
 * - `jest -u` (`npm run test:update`): every file is rewritten to the received value, and files that
 *   no snapshot claims any more are removed (`obsoleteSnapshotFiles`).
 * - plain `jest` (no --ci, no -u): missing files are written, differences fail.
 * Results are counted in Jest's own snapshot summary (written, updated, failed).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Jest's `--ci`/`-u` state: 'none' never writes, 'new' writes missing snapshots, 'all' rewrites all. */
type UpdateMode = 'all' | 'new' | 'none';

/**
 * The part of jest-snapshot's `SnapshotState` (the object behind `toMatchSnapshot`) used here. The
 * update mode has no public accessor; `jestSnapshotState` checks its shape at run time so that a
 * Jest upgrade that renames it fails loudly instead of silently never writing.
 */
interface JestSnapshotState {
  readonly _updateSnapshot: UpdateMode;
  readonly expand: boolean;
  added: number;
  matched: number;
  unmatched: number;
  updated: number;
}

const UPDATE_COMMAND = 'npm run test:update';

function jestSnapshotState(): JestSnapshotState {
  const state = (expect.getState() as { snapshotState?: Partial<JestSnapshotState> }).snapshotState;
  const mode = state?._updateSnapshot;
  if (state === undefined || (mode !== 'all' && mode !== 'new' && mode !== 'none')) {
    throw new Error(
      `file snapshots read Jest's snapshot update mode from SnapshotState._updateSnapshot (jest-snapshot 29); found ${JSON.stringify(mode)}`,
    );
  }
  return state as JestSnapshotState;
}

/** The update mode of this Jest run. */
function snapshotUpdateMode(): UpdateMode {
  return jestSnapshotState()._updateSnapshot;
}

function shown(file: string): string {
  return relative(process.cwd(), file);
}

expect.extend({
  /** The received string equals the content of `file`, byte for byte (see the module comment for writes). */
  toMatchFileSnapshot(received: unknown, file: string) {
    if (this.isNot) throw new Error('toMatchFileSnapshot cannot be negated');
    if (typeof received !== 'string')
      throw new Error(`toMatchFileSnapshot compares strings, received ${typeof received}`);
    const state = jestSnapshotState();
    const stored = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (stored === received) {
      state.matched++;
      return { pass: true, message: () => `${shown(file)} matches` };
    }
    const mode = state._updateSnapshot;
    if (mode === 'all' || (stored === undefined && mode === 'new')) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, received);
      if (stored === undefined) state.added++;
      else state.updated++;
      return { pass: true, message: () => `${shown(file)} written` };
    }
    state.unmatched++;
    if (stored === undefined) {
      return {
        pass: false,
        message: () =>
          `${this.utils.RECEIVED_COLOR(shown(file))} does not exist. Snapshot files are never written with --ci: ` +
          `run ${UPDATE_COMMAND}, then review and commit the new file.`,
      };
    }
    const diff = this.utils.diff(stored, received, {
      expand: state.expand,
      aAnnotation: `Snapshot file ${shown(file)}`,
      bAnnotation: 'Received',
    });
    return {
      pass: false,
      message: () =>
        `${shown(file)} differs from what was received.\n\n${diff ?? ''}\n\n` +
        `If the change is intended, run ${UPDATE_COMMAND} and commit the file with the change that caused it.`,
    };
  },
});

/** The matcher above, typed (it is registered with `expect.extend`, outside @types/jest's declarations). */
interface FileSnapshotMatchers {
  toMatchFileSnapshot: (file: string) => void;
}

/**
 * Expects `received` to equal the plain snapshot file `file`, byte for byte; the file is written only
 * as Jest writes snapshots (`npm run test:update`, or a missing file outside --ci).
 */
export function expectFileSnapshot(received: string | undefined, file: string): void {
  (expect(received) as unknown as FileSnapshotMatchers).toMatchFileSnapshot(file);
}

/**
 * Files in `dir` that none of `expected` (file names) claims: snapshots of something that no longer
 * exists. Under `jest -u` they are removed (and an empty list returned), as Jest removes obsolete
 * snapshots; otherwise they are returned so that the test fails, naming them.
 */
export function obsoleteSnapshotFiles(dir: string, expected: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const claimed = new Set(expected);
  const obsolete = readdirSync(dir)
    .filter((f) => !claimed.has(f))
    .sort();
  if (snapshotUpdateMode() !== 'all') return obsolete.map((f) => shown(join(dir, f)));
  for (const f of obsolete) {
    rmSync(join(dir, f));
    console.log(`removed obsolete snapshot file ${shown(join(dir, f))}`);
  }
  return [];
}
