/**
 * Bundle-time replacement for `semver` (see `scripts/build-verifier.ts`), which the X-Ray SDK's dependencies
 * load for one comparison each: `cls-hooked` picks its async-hooks implementation with
 * `semver.gte(process.versions.node, '8.0.0')`, and the AWS SDK v2 patcher (never used: the verifier uses SDK
 * v3) checks `semver.gte(AWS.VERSION, ...)`. The full package is ~26 KB of the bundle; this is the one
 * function, for plain `major.minor.patch` versions (a pre-release or build suffix is ignored).
 */
function parts(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] =
    version
      .replace(/^v/, '')
      .split(/[-+]/)[0]
      ?.split('.')
      .map((p) => Number.parseInt(p, 10) || 0) ?? [];
  return [major, minor, patch];
}

/** Whether version `a` is greater than or equal to version `b`. */
export function gte(a: string, b: string): boolean {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) {
    const [p, q] = [x[i] ?? 0, y[i] ?? 0];
    if (p !== q) return p > q;
  }
  return true;
}

export default { gte };
