/**
 * Typed errors of the verifier. Every error that wraps another keeps it as `cause`.
 *
 * - `ConfigError`: the environment is invalid; lists every problem (field, value received, message).
 * - `EventError`: an S3 event (no `Records` array) or one of its records cannot be parsed. A malformed record
 *   fails only itself: the event's other records are still handled, then the invocation fails; permanent, so
 *   the event reaches the failure queue after Lambda's retries.
 * - `DependencyError`: an AWS call failed after the SDK's own retries (throttling, 5xx, access denied);
 *   the invocation fails so Lambda's asynchronous retries and then the on-failure destination take it.
 * - `LedgerWriteError`: the ledger refused the record for a reason other than "already recorded".
 * - `RecordsFailedError`: one or more records of an event failed; carries each failure.
 */
export class VerifierError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  // Explicit names: the bundle is minified, so constructor names are not the class names.
  public override readonly name: string = 'VerifierError';
}

/** One invalid configuration value. */
export interface ConfigProblem {
  readonly variable: string;
  readonly value: string | undefined;
  readonly message: string;
}

export class ConfigError extends VerifierError {
  public override readonly name: string = 'ConfigError';
  public readonly problems: readonly ConfigProblem[];

  public constructor(problems: readonly ConfigProblem[]) {
    super(
      'Invalid verifier configuration:\n' +
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

export class EventError extends VerifierError {
  public override readonly name: string = 'EventError';
  /** Position of the record in the event, when known. */
  public readonly recordIndex: number | undefined;

  public constructor(message: string, recordIndex?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.recordIndex = recordIndex;
  }
}

/** The AWS service and operation that failed, and the SDK's error name and HTTP status when known. */
export interface DependencyFailure {
  readonly service: 'S3' | 'Rekognition' | 'DynamoDB';
  readonly operation: string;
  readonly errorName: string;
  readonly httpStatus: number | undefined;
}

export class DependencyError extends VerifierError {
  public override readonly name: string = 'DependencyError';
  public readonly failure: DependencyFailure;

  public constructor(failure: DependencyFailure, cause: unknown) {
    super(
      `${failure.service} ${failure.operation} failed: ${failure.errorName}` +
        (failure.httpStatus === undefined ? '' : ` (HTTP ${failure.httpStatus})`),
      { cause },
    );
    this.failure = failure;
  }
}

export class LedgerWriteError extends VerifierError {
  public override readonly name: string = 'LedgerWriteError';
}

export class RecordsFailedError extends VerifierError {
  public override readonly name: string = 'RecordsFailedError';
  public readonly failures: readonly Error[];

  public constructor(failures: readonly Error[], total: number) {
    super(`${failures.length} of ${total} record(s) failed: ${failures.map((f) => f.message).join('; ')}`, {
      cause: failures[0],
    });
    this.failures = failures;
  }
}

/** Error name and HTTP status of an AWS SDK v3 error (or of anything thrown), without reading its message. */
export function describeAwsError(error: unknown): { errorName: string; httpStatus: number | undefined } {
  if (error instanceof Error) {
    const meta = (error as Error & { $metadata?: { httpStatusCode?: number } }).$metadata;
    return { errorName: error.name, httpStatus: meta?.httpStatusCode };
  }
  return { errorName: typeof error, httpStatus: undefined };
}
