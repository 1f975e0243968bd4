/**
 * A subject's place in the vault bucket's layout, and the one check every subject id passes before the
 * erasure tool lists anything. Enrollment writes `references/<subjectId>.(jpg|jpeg|png)`, capture devices
 * `uploads/<subjectId>/<file>` (docs/operations.md, "Uploading"); the verifier reads the subject id as one
 * path segment of at most 256 characters without control characters, never the reserved `(none)`.
 *
 * Keys are compared as the exact strings S3 stores (UTF-8 byte sequences, case sensitive, never Unicode
 * normalized: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html), so `é` written
 * precomposed and decomposed are two subjects, as they are two prefixes in S3.
 */
import { LEDGER_NO_SUBJECT } from '../../lambda-src/verifier/ledger-schema';
import { REFERENCES_PREFIX, UPLOADS_PREFIX } from '../../modules/storage/bucket-layout';

/** The verifier's limit on a subject id, in characters (UTF-16 code units, as JavaScript counts them). */
export const MAX_SUBJECT_ID_LENGTH = 256;

/** Suffixes of an enrolled reference image, after `references/<subjectId>.` (any case), as the verifier finds them. */
const REFERENCE_EXTENSION = /^(jpe?g|png)$/i;
// eslint-disable-next-line no-control-regex -- matching control characters is the point: a subject id must not contain them
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** Characters that mean "any key" to a shell, a glob or an S3 console filter: never part of a subject id here. */
const WILDCARD = /[*?[\]]/u;
/** In a `u` expression a surrogate pair is one code point, so this matches only a lone surrogate. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * What is wrong with `subjectId` as the id of one subject of the layout (empty: nothing). Refused: an empty
 * id, an id over 256 characters, `/` (it would reach into another subject's or another prefix's keys),
 * `.` and `..`, wildcards (`*`, `?`, `[`, `]`), control characters (C0, DEL and C1), lone surrogates (not
 * UTF-8, so no S3 key), leading or trailing white space, and the ledger's reserved `(none)`.
 */
export function subjectIdProblems(subjectId: string): string[] {
  const problems: string[] = [];
  if (subjectId === '') return ['it is empty'];
  if (subjectId.length > MAX_SUBJECT_ID_LENGTH)
    problems.push(`it is ${subjectId.length} characters long (at most ${MAX_SUBJECT_ID_LENGTH})`);
  if (subjectId.includes('/')) problems.push('it contains "/" (a subject id is one path segment)');
  if (subjectId === '.' || subjectId === '..') problems.push(`it is ${JSON.stringify(subjectId)}`);
  if (WILDCARD.test(subjectId)) problems.push('it contains a wildcard (*, ?, [ or ])');
  if (CONTROL.test(subjectId)) problems.push('it contains a control character');
  if (LONE_SURROGATE.test(subjectId)) problems.push('it contains a lone surrogate (not UTF-8)');
  if (subjectId.trim() !== subjectId) problems.push('it begins or ends with white space');
  if (subjectId === LEDGER_NO_SUBJECT) problems.push(`${LEDGER_NO_SUBJECT} is reserved: it names no subject`);
  return problems;
}

/** The two prefixes that hold a subject's data, in listing order. */
export function subjectPrefixes(subjectId: string): readonly [uploads: string, references: string] {
  return [`${UPLOADS_PREFIX}${subjectId}/`, `${REFERENCES_PREFIX}${subjectId}.`];
}

/**
 * Whether `key` is the subject's: anything under `uploads/<subjectId>/` (the verifier attributes nested keys
 * to the subject too), or exactly `references/<subjectId>.(jpg|jpeg|png)`. The reference prefix alone is not
 * enough: `references/a.` also lists `references/a.b.jpg`, the reference of subject `a.b`.
 */
export function isSubjectKey(subjectId: string, key: string): boolean {
  const [uploads, references] = subjectPrefixes(subjectId);
  if (key.startsWith(uploads)) return true;
  return key.startsWith(references) && REFERENCE_EXTENSION.test(key.slice(references.length));
}
