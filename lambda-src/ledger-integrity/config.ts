/**
 * Configuration of the ledger-integrity functions, read once per container from the environment the
 * `<env>-ledger-integrity` stack sets. Every problem is collected before failing (`IntegrityConfigError`).
 */
export const INTEGRITY_METRICS_NAMESPACE = 'BiometricVault';
/** `service` dimension of the metrics each function emits (embedded metric format). */
export const STREAM_SERVICE = 'ledger-stream';
export const DIGEST_SERVICE = 'ledger-digest';

export const INTEGRITY_METRIC = {
  /** A ledger record was changed (MODIFY) or deleted (REMOVE): an alert was published. */
  modified: 'LedgerRecordModified',
  removed: 'LedgerRecordRemoved',
  /** Records appended (INSERT) and staged for the next digest. */
  inserted: 'LedgerRecordInserted',
  /** A digest was written (one per interval). */
  digestWritten: 'LedgerDigestWritten',
  /** Intervals closed but not yet digested after a run (0 when the chain is current). */
  intervalsBehind: 'LedgerDigestIntervalsBehind',
  /** Records whose `recordedAt` is older than their interval's start by more than the settle time. */
  lateRecords: 'LedgerLateRecords',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigProblem {
  readonly variable: string;
  readonly value: string | undefined;
  readonly message: string;
}

export class IntegrityConfigError extends Error {
  public override readonly name: string = 'IntegrityConfigError';
  public readonly problems: readonly ConfigProblem[];

  public constructor(problems: readonly ConfigProblem[]) {
    super(
      'Invalid ledger-integrity configuration:\n' +
        problems
          .map(
            (p) =>
              `  - ${p.variable}: ${p.message} (received ${p.value === undefined ? 'nothing' : JSON.stringify(p.value)})`,
          )
          .join('\n'),
    );
    this.problems = problems;
  }
}

class Reader {
  public readonly problems: ConfigProblem[] = [];

  public constructor(private readonly env: Env) {}

  public text(variable: string, pattern: RegExp, message: string): string {
    const value = this.env[variable];
    if (value === undefined || !pattern.test(value)) {
      this.problems.push({ variable, value, message });
      return '';
    }
    return value;
  }

  public integer(variable: string, min: number, max: number, fallback: number): number {
    const value = this.env[variable];
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      this.problems.push({ variable, value, message: `must be an integer from ${min} to ${max}` });
      return fallback;
    }
    return n;
  }
}

const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:\S+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ENV_NAME = /^[a-z0-9]+$/;

export interface StreamConsumerConfig {
  readonly environment: string;
  readonly digestBucket: string;
  /** The digest bucket's key: every staged batch is written with SSE-KMS under exactly this key. */
  readonly digestBucketKeyArn: string;
  readonly alertTopicArn: string;
  /** The ledger's key attributes (`pk`), which name a record in alerts and digests. */
  readonly keyAttributes: readonly string[];
}

export function readStreamConsumerConfig(env: Env): StreamConsumerConfig {
  const r = new Reader(env);
  const config: StreamConsumerConfig = {
    environment: r.text('ENVIRONMENT_NAME', ENV_NAME, 'must be the environment name (lower case letters and digits)'),
    digestBucket: r.text('DIGEST_BUCKET', BUCKET, 'must be the digest bucket name'),
    digestBucketKeyArn: r.text('DIGEST_BUCKET_KEY_ARN', ARN, 'must be the ARN of the digest bucket key'),
    alertTopicArn: r.text('ALERT_TOPIC_ARN', ARN, 'must be the ARN of the alert topic'),
    keyAttributes: r
      .text(
        'LEDGER_KEY_ATTRIBUTES',
        /^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/,
        'must name the key attributes, comma-separated',
      )
      .split(','),
  };
  if (r.problems.length > 0) throw new IntegrityConfigError(r.problems);
  return config;
}

export interface DigestJobConfig {
  readonly environment: string;
  readonly ledgerTable: string;
  readonly digestBucket: string;
  readonly digestBucketKeyArn: string;
  readonly signingKeyArn: string;
  /** Length of an interval, seconds (divides a day; at most 900). */
  readonly intervalSeconds: number;
  /** Wait after an interval's end before sealing it, seconds: longer than any staging write can take. */
  readonly settleSeconds: number;
  /** Intervals one run closes at most (a run catches up after missed runs). */
  readonly maxIntervalsPerRun: number;
}

export function readDigestJobConfig(env: Env): DigestJobConfig {
  const r = new Reader(env);
  const config: DigestJobConfig = {
    environment: r.text('ENVIRONMENT_NAME', ENV_NAME, 'must be the environment name (lower case letters and digits)'),
    ledgerTable: r.text('LEDGER_TABLE_NAME', /^[A-Za-z0-9_.-]{3,255}$/, 'must be the ledger table name'),
    digestBucket: r.text('DIGEST_BUCKET', BUCKET, 'must be the digest bucket name'),
    digestBucketKeyArn: r.text('DIGEST_BUCKET_KEY_ARN', ARN, 'must be the ARN of the digest bucket key'),
    signingKeyArn: r.text('SIGNING_KEY_ARN', ARN, 'must be the ARN of the digest signing key'),
    intervalSeconds: r.integer('INTERVAL_SECONDS', 60, 900, 900),
    settleSeconds: r.integer('SETTLE_SECONDS', 60, 3600, 180),
    maxIntervalsPerRun: r.integer('MAX_INTERVALS_PER_RUN', 1, 2976, 96),
  };
  if (config.intervalSeconds > 0 && 86_400 % config.intervalSeconds !== 0) {
    r.problems.push({
      variable: 'INTERVAL_SECONDS',
      value: String(config.intervalSeconds),
      message: 'must divide a day (86400) evenly, so intervals start at the same times every day',
    });
  }
  if (r.problems.length > 0) throw new IntegrityConfigError(r.problems);
  return config;
}
