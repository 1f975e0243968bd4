import { RateLimitDeadlineError, TokenBucket, rekognitionLimiter } from '../../lambda-src/verifier/rate-limiter';
import { gte } from '../../lambda-src/verifier/semver-gte';

/** A manual clock: time moves only with `advance`; `sleep` records how long a caller was told to wait. */
function manualClock(): {
  now: () => number;
  advance: (ms: number) => void;
  sleep: (ms: number) => Promise<void>;
  slept: number[];
} {
  let t = 1000;
  const slept: number[] = [];
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    slept,
  };
}

describe('Rekognition rate limiter', () => {
  it('lets the first call go at once and spaces the next ones one interval apart, first come first served', async () => {
    // Prepare: 4 calls per second = one every 250 ms.
    const clock = manualClock();
    const bucket = new TokenBucket(4, clock.now, clock.sleep);
    const order: number[] = [];

    // Act: three callers at the same instant.
    await Promise.all([1, 2, 3].map(async (n) => bucket.take().then(() => order.push(n))));

    // Assess: in order; the first at once, the others told to wait 250 and 500 ms.
    expect(order).toEqual([1, 2, 3]);
    expect(clock.slept).toEqual([250, 500]);
  });

  it('never bursts above its rate after idling: capacity is one call', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(2, clock.now, clock.sleep);
    await bucket.take();
    clock.advance(10_000); // idle for 10 s
    await bucket.take();
    await bucket.take();
    expect(clock.slept).toEqual([500]);
  });

  it('refuses at once, taking no slot, a call whose turn would come after its deadline', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(1, clock.now, clock.sleep);
    await bucket.take(); // the next slot is 1 s away

    await expect(bucket.take(clock.now() + 999)).rejects.toBeInstanceOf(RateLimitDeadlineError);
    await expect(bucket.take(clock.now() + 999)).rejects.toThrow(
      "Rekognition call would wait 1000 ms for its turn, past the invocation's deadline",
    );
    // The refused calls took nothing: the next one still waits one interval only.
    await bucket.take(clock.now() + 1000);
    expect(clock.slept).toEqual([1000]);
  });

  it('splits the quota between the instances that share it, per operation', async () => {
    const clock = manualClock();
    // 50 TPS shared by 10 instances: 5 per second each, one every 200 ms, DetectFaces and CompareFaces apart.
    const limiter = rekognitionLimiter(50, 10, clock.now, clock.sleep);
    await limiter.DetectFaces.take();
    await limiter.CompareFaces.take();
    await limiter.DetectFaces.take();
    expect(clock.slept).toEqual([200]);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new TokenBucket(0)).toThrow('TokenBucket: ratePerSecond must be a positive number (received 0)');
    expect(() => new TokenBucket(Number.NaN)).toThrow(RangeError);
  });
});

describe("semver's gte, as the bundle substitutes it", () => {
  it.each([
    ['22.11.0', '8.0.0', true],
    ['v20.19.4', '8.0.0', true],
    ['8.0.0', '8.0.0', true],
    ['7.10.1', '8.0.0', false],
    ['8.0.0-rc.1', '8.0.0', true],
    ['3.1142.0', '3.1142.1', false],
    ['2.1692.0', '2.2.0', true],
  ] as const)('gte(%s, %s) is %s', (a, b, expected) => {
    expect(gte(a, b)).toBe(expected);
  });
});
