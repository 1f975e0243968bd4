/**
 * What the committed plan fixtures keep of `terraform show -json`, made byte-stable between runs.
 *
 * Two things vary between two plans of the same configuration: `timestamp`, and the order of
 * `relevant_attributes` (emitted in map order). The fixture fixes the first and drops the second.
 * Also dropped, because nothing that reads the fixtures uses them and they are most of the size:
 * `planned_values` (the same values as `resource_changes[].change.after`), `prior_state` (the data
 * sources read while planning: caller identity, partition, region and the policy documents, whose
 * rendered JSON is in the `policy` attributes of `resource_changes`) and `relevant_attributes`.
 * Kept verbatim: `format_version`, `terraform_version`, `resource_changes`, `resource_drift`,
 * `output_changes`, `configuration`, `errored`, `applyable`, `complete`.
 */
import { createHash } from 'node:crypto';
import { isJsonObject, type JsonObject } from '../plan-summary/plan-types';
import { withoutMetadata } from '../ci/synthesized';

/** Top-level fields of the plan JSON left out of a fixture. */
export const STRIPPED_FIELDS = ['planned_values', 'prior_state', 'relevant_attributes'] as const;

/** The fixed timestamp of every fixture. */
export const FIXED_TIMESTAMP = '1970-01-01T00:00:00Z';

/** The fixture of one plan: stable, without the fields nothing reads. */
export function planFixture(plan: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(plan)) {
    if ((STRIPPED_FIELDS as readonly string[]).includes(key)) continue;
    out[key] = key === 'timestamp' ? FIXED_TIMESTAMP : value;
  }
  return out;
}

/** Lambda arguments that follow the function package (its path and hash), not the configuration. */
const PACKAGE_ARGUMENTS = ['filename', 'source_code_hash'] as const;

/**
 * The fingerprint of a synthesized stack the fixtures were planned from: SHA-256 of its JSON without
 * cdktf metadata and without the Lambda package's path and hash. A test compares it with a fresh
 * synthesis, so a change to any resource, policy or setting makes the fixtures stale; a change to
 * the Lambda's code alone does not (its plan differs only in `source_code_hash`).
 */
export function stackFingerprint(cdkJson: JsonObject): string {
  const copy = withoutMetadata(cdkJson) as JsonObject;
  const resources = isJsonObject(copy.resource) ? copy.resource : {};
  const functions = isJsonObject(resources.aws_lambda_function) ? resources.aws_lambda_function : {};
  for (const fn of Object.values(functions)) {
    if (!isJsonObject(fn)) continue;
    for (const argument of PACKAGE_ARGUMENTS) if (fn[argument] !== undefined) fn[argument] = '(package)';
  }
  return createHash('sha256').update(JSON.stringify(copy)).digest('hex');
}
