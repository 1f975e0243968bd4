/**
 * Metric namespace, service dimension and metric names the verifier emits in CloudWatch embedded
 * metric format. Dependency-free: the verifier stack imports the same names for its alarms.
 */
export const METRICS_NAMESPACE = 'BiometricVault';
/** Value of the `service` dimension Powertools adds to every metric. */
export const SERVICE_NAME = 'verifier';

export const METRIC = {
  /** A record was written with decision AUTHORIZED. */
  authorized: 'DecisionAuthorized',
  /** A record was written with decision UNAUTHORIZED (the stack alarms on an unusual rate). */
  unauthorized: 'DecisionUnauthorized',
  /** A redelivered event found its record already written (no second record). */
  alreadyRecorded: 'AlreadyRecorded',
  /**
   * A record that is not an upload (not ObjectCreated, or not under uploads/), or S3's test message; other
   * keys under uploads/ are refused and recorded.
   */
  ignored: 'RecordIgnored',
  /** A record or message failed (a fault after the SDK's retries, or malformed): it is received again later. */
  failed: 'RecordFailed',
  /** A subject's reference has no single usable face (or cannot be analysed): its uploads are refused (alarmed). */
  referenceUnusable: 'ReferenceUnusable',
  /** Milliseconds from the start of a record to its ledger write. */
  latency: 'RecordLatency',
} as const;
