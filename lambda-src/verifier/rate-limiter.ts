import { VerifierError } from './errors';

/**
 * Thrown when a call would have to wait for its turn past the invocation's deadline: a fault, so the record
 * is retried later (from the queue) instead of the function timing out mid-batch.
 */
export class RateLimitDeadlineError extends VerifierError {
  public override readonly name: string = 'RateLimitDeadlineError';
}

/**
 * A rate limiter in front of one Rekognition operation, per function instance: a token bucket of capacity
 * one, scheduled as slots (each caller is given the next free slot, one interval after the previous one).
 * Rekognition's quota is per account, region and operation (transactions per second); with `instances`
 * instances each limited to `quota / instances`, their sum never exceeds the quota, so throttling is the
 * exception rather than the control loop. An idle instance never bursts above its share.
 *
 * Callers are served first come, first served; `take` rejects at once, taking no slot, when the caller's
 * slot would come after its deadline.
 */
export class TokenBucket {
  private readonly intervalMs: number;
  /** Earliest time the next caller may go. */
  private nextSlot = Number.NEGATIVE_INFINITY;

  public constructor(
    ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond))
      throw new RangeError(`TokenBucket: ratePerSecond must be a positive number (received ${ratePerSecond})`);
    this.intervalMs = 1000 / ratePerSecond;
  }

  /**
   * Waits for this caller's slot. `deadline` (same clock as `now`) is the latest acceptable slot; when the
   * callers ahead make that impossible, rejects with `RateLimitDeadlineError` at once.
   */
  public async take(deadline: number = Number.POSITIVE_INFINITY): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    if (slot > deadline)
      throw new RateLimitDeadlineError(
        `Rekognition call would wait ${Math.round(slot - now)} ms for its turn, past the invocation's deadline`,
      );
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}

/** The operations the verifier calls, each with its own quota. */
export type RekognitionOperation = 'DetectFaces' | 'CompareFaces';

/** One bucket per Rekognition operation, at `tps / instances` each. */
export function rekognitionLimiter(
  tps: number,
  instances: number,
  now?: () => number,
  sleep?: (ms: number) => Promise<void>,
): Readonly<Record<RekognitionOperation, TokenBucket>> {
  const rate = tps / instances;
  return {
    DetectFaces: new TokenBucket(rate, now, sleep),
    CompareFaces: new TokenBucket(rate, now, sleep),
  };
}
