/**
 * The journal of one erasure request: what its runs have deleted so far, so that a run resumed after a
 * partial failure records every deleted version once, not only those it found itself. Written after each
 * batch (to a temporary file, then renamed, so a crash leaves the previous state); removed once the erasure
 * record is in the ledger. It names the subject's keys: it stays on the operator's machine, like the command.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SubjectEntry } from './objects';

export interface JournalState {
  readonly requestId: string;
  readonly subjectId: string;
  readonly bucket: string;
  readonly startedAt: string;
  /** Runs that deleted something, this one included once it has. */
  readonly runs: number;
  readonly deleted: readonly SubjectEntry[];
}

/** Where journals are kept: files, or memory in tests. */
export interface JournalStore {
  load(requestId: string): JournalState | undefined;
  save(state: JournalState): void;
  remove(requestId: string): void;
}

function fileName(requestId: string): string {
  return `${requestId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** Journals as JSON files in `directory` (created when first needed). */
export function fileJournal(directory: string): JournalStore {
  return {
    load(requestId) {
      let text: string;
      try {
        text = readFileSync(join(directory, fileName(requestId)), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const state = JSON.parse(text) as JournalState;
      if (state.requestId !== requestId || !Array.isArray(state.deleted))
        throw new Error(`journal ${join(directory, fileName(requestId))} is not the journal of request ${requestId}`);
      return state;
    },
    save(state) {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const path = join(directory, fileName(state.requestId));
      writeFileSync(`${path}.tmp`, `${JSON.stringify(state)}\n`, { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
    },
    remove(requestId) {
      rmSync(join(directory, fileName(requestId)), { force: true });
    },
  };
}

/** Journals in memory. */
export function memoryJournal(): JournalStore & { readonly states: Map<string, JournalState> } {
  const states = new Map<string, JournalState>();
  return {
    states,
    load: (requestId) => states.get(requestId),
    save: (state) => states.set(state.requestId, state),
    remove: (requestId) => states.delete(requestId),
  };
}
