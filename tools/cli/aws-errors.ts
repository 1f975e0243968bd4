/**
 * Says what kind of failure an AWS SDK error is, so an operator fixes the right thing: a network
 * failure (DNS, refused or reset connection, timeout, proxy) is not a credentials problem, and
 * missing credentials are not an access-denied policy.
 */

export type AwsFailureKind = 'network' | 'credentials' | 'rejected-credentials' | 'access-denied' | 'other';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'TimeoutError',
  'RequestTimeout',
  'NetworkingError',
]);
const REJECTED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
]);

/** The error and its causes, outermost first (the SDK wraps socket errors). */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = error;
  while (e !== undefined && e !== null && out.length < 5) {
    out.push(e);
    e = e instanceof Error ? e.cause : undefined;
  }
  return out;
}

function field(e: unknown, key: 'code' | 'name' | 'message'): string {
  if (typeof e !== 'object' || e === null) return '';
  const v = (e as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : '';
}

export function awsFailureKind(error: unknown): AwsFailureKind {
  const errors = chain(error);
  const names = errors.flatMap((e) => [field(e, 'code'), field(e, 'name')]);
  const text = errors.map((e) => field(e, 'message')).join(' ');
  if (names.some((n) => NETWORK_CODES.has(n)) || /getaddrinfo|socket hang up|connect E[A-Z]+|timed out/i.test(text))
    return 'network';
  if (names.some((n) => REJECTED.has(n))) return 'rejected-credentials';
  if (names.includes('CredentialsProviderError') || /could not load credentials/i.test(text)) return 'credentials';
  if (names.some((n) => /AccessDenied|Unauthorized|Forbidden/.test(n))) return 'access-denied';
  return 'other';
}

/** One line for the operator: what failed, what kind of failure it is, what to check. */
export function describeAwsFailure(error: unknown, region: string): string {
  const detail = chain(error)
    .map((e) => [field(e, 'name'), field(e, 'code'), field(e, 'message')].filter((x) => x !== '').join(': '))
    .filter((x) => x !== '')
    .join(' <- ');
  switch (awsFailureKind(error)) {
    case 'network':
      return `network failure reaching AWS in ${region} (${detail}): check connectivity, DNS, proxy and endpoint settings; this is not a credentials problem`;
    case 'credentials':
      return `no usable AWS credentials for ${region} (${detail}): set AWS_PROFILE or assume a role first`;
    case 'rejected-credentials':
      return `AWS rejected the credentials in ${region} (${detail}): they are expired or invalid; assume the role again`;
    case 'access-denied':
      return `access denied in ${region} (${detail}): the role lacks this permission`;
    case 'other':
      return detail === '' ? String(error) : detail;
  }
}
