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
  /** A record that is not an upload (not ObjectCreated, or not under uploads/); other keys under uploads/ are refused and recorded. */
  ignored: 'RecordIgnored',
  /** A record failed after the SDK's retries; the invocation fails and Lambda retries it. */
  failed: 'RecordFailed',
  /** Milliseconds from the start of a record to its ledger write. */
  latency: 'RecordLatency',
} as const;
