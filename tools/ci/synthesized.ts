/** Helpers for synthesized cdktf stacks (`cdktf.out/stacks/<stack>/cdk.tf.json`). */
import { isJsonObject, type JsonValue } from '../plan-summary/plan-types';

/** A synthesized stack without cdktf's metadata (`//` keys at any depth), for comparison. */
export function withoutMetadata(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== '//')
      .map(([k, v]) => [k, withoutMetadata(v)]),
  );
}
