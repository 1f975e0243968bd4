import { EventPatternError, matchesEventPattern } from '../../compliance/engine/event-pattern';
import { HclValueError, jsonencodeValue } from '../../compliance/engine/hcl-value';
import type { Json } from '../../compliance/engine/types';

/**
 * The event-pattern matcher against the examples of AWS's EventBridge user guide (event patterns,
 * comparison operators, arrays). Each case is written out: the pattern, the event, the answer.
 */

// The EC2 state-change event of the user guide's "Event patterns" page.
const EC2_EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated', 'c-count': 5, 'd-count': 0.0 },
};

describe('EventBridge pattern semantics', () => {
  it.each<[string, Json, Json, boolean]>([
    ['exact value', { source: ['aws.ec2'] }, EC2_EVENT, true],
    ['exact value is case-sensitive', { source: ['AWS.EC2'] }, EC2_EVENT, false],
    ['a list is OR', { detail: { state: ['running', 'terminated'] } }, EC2_EVENT, true],
    ['every field must match', { source: ['aws.ec2'], detail: { state: ['running'] } }, EC2_EVENT, false],
    ['a field the event lacks does not match', { detail: { reason: ['x'] } }, EC2_EVENT, false],
    ['a nested object that is missing does not match', { userIdentity: { type: ['Root'] } }, EC2_EVENT, false],
    ['prefix', { region: [{ prefix: 'us-' }] }, EC2_EVENT, true],
    ['prefix that does not start the value', { region: [{ prefix: 'west' }] }, EC2_EVENT, false],
    ['prefix ignoring case', { region: [{ prefix: { 'equals-ignore-case': 'US-' } }] }, EC2_EVENT, true],
    ['suffix', { detail: { 'instance-id': [{ suffix: 'def0' }] } }, EC2_EVENT, true],
    ['equals-ignore-case', { source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, EC2_EVENT, true],
    ['anything-but a value', { detail: { state: [{ 'anything-but': 'initializing' }] } }, EC2_EVENT, true],
    ['anything-but the value itself', { detail: { state: [{ 'anything-but': 'terminated' }] } }, EC2_EVENT, false],
    ['anything-but a list', { detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, EC2_EVENT, false],
    ['anything-but a prefix', { region: [{ 'anything-but': { prefix: 'eu-' } }] }, EC2_EVENT, true],
    [
      'anything-but on a missing field does not match',
      { detail: { reason: [{ 'anything-but': 'x' }] } },
      EC2_EVENT,
      false,
    ],
    ['numeric range', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, EC2_EVENT, true],
    ['numeric out of range', { detail: { 'c-count': [{ numeric: ['>', 5] }] } }, EC2_EVENT, false],
    ['numeric equals 0.0', { detail: { 'd-count': [{ numeric: ['=', 0] }] } }, EC2_EVENT, true],
    ['numeric on a string does not match', { source: [{ numeric: ['>', 0] }] }, EC2_EVENT, false],
    ['a number literal matches numerically', { detail: { 'c-count': [5.0] } }, EC2_EVENT, true],
    ['exists true', { detail: { state: [{ exists: true }] } }, EC2_EVENT, true],
    ['exists false on a present field', { detail: { state: [{ exists: false }] } }, EC2_EVENT, false],
    ['exists false on a missing field', { detail: { reason: [{ exists: false }] } }, EC2_EVENT, true],
    ['exists false below a missing object', { detail: { reason: { code: [{ exists: false }] } } }, EC2_EVENT, true],
    ['exists on an object (not a leaf) does not match', { detail: [{ exists: true }] }, EC2_EVENT, false],
    ['wildcard', { resources: [{ wildcard: 'arn:aws:ec2:*:instance/*' }] }, EC2_EVENT, true],
    ['wildcard that does not cover the value', { resources: [{ wildcard: 'arn:aws:s3:*' }] }, EC2_EVENT, false],
    [
      'an event list matches when any element does',
      { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] },
      EC2_EVENT,
      true,
    ],
    ['an empty event list matches nothing', { resources: [{ prefix: '' }] }, { resources: [] }, false],
    [
      '$or: one alternative matches',
      { detail: { $or: [{ state: ['running'] }, { 'c-count': [5] }] } },
      EC2_EVENT,
      true,
    ],
    [
      '$or: no alternative matches',
      { detail: { $or: [{ state: ['running'] }, { 'c-count': [6] }] } },
      EC2_EVENT,
      false,
    ],
    [
      '$or with the other fields of its object',
      { detail: { state: ['running'], $or: [{ 'c-count': [5] }, { 'd-count': [0] }] } },
      EC2_EVENT,
      false,
    ],
  ])('%s', (_title, pattern, event, expected) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it('matches a nested pattern over a list of objects only within one element', () => {
    // Prepare: CloudTrail's resources[] (objects), as in the KMS DisableKey record.
    const event = {
      detail: {
        resources: [
          { ARN: 'arn:aws:kms:us-west-2:111122223333:key/a', accountId: '111122223333' },
          { ARN: 'arn:aws:kms:us-west-2:111122223333:key/b', accountId: '444455556666' },
        ],
      },
    };
    // Act / Assess
    expect(
      matchesEventPattern({ detail: { resources: { ARN: ['arn:aws:kms:us-west-2:111122223333:key/b'] } } }, event),
    ).toBe(true);
    expect(
      matchesEventPattern(
        { detail: { resources: { ARN: ['arn:aws:kms:us-west-2:111122223333:key/a'], accountId: ['444455556666'] } } },
        event,
      ),
    ).toBe(false);
  });

  it.each<[string, Json, string]>([
    ['a leaf that is not a list', { source: 'aws.ec2' }, 'source: must be a list'],
    ['an empty list', { source: [] }, 'source: must list at least one value'],
    ['an unknown operator', { source: [{ regex: '.*' }] }, 'unknown operator "regex"'],
    ['cidr', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, 'cidr is not implemented'],
    ['a prefix that is not a string', { source: [{ prefix: 1 }] }, 'prefix takes a string'],
    ['an empty $or', { detail: { $or: [] } }, 'detail.$or: must be a non-empty list'],
    ['numeric with an odd list', { a: [{ numeric: ['>', 1, '<'] }] }, 'numeric takes one or two'],
    ['exists with a string', { a: [{ exists: 'yes' }] }, 'exists takes true or false'],
    ['anything-but with an unknown operator', { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'anything-but takes'],
  ])('refuses an invalid pattern: %s', (_title, pattern, message) => {
    expect(() => matchesEventPattern(pattern, EC2_EVENT)).toThrow(EventPatternError);
    expect(() => matchesEventPattern(pattern, EC2_EVENT)).toThrow(message);
  });

  it('refuses a pattern that is not an object', () => {
    expect(() => matchesEventPattern(['aws.ec2'], EC2_EVENT)).toThrow('pattern: must be a JSON object');
  });
});

describe('jsonencode expressions as cdktf writes them', () => {
  const resolve = (reference: string): string => `<${reference}>`;

  it('reads objects, tuples, strings with interpolations, numbers, booleans, null and references', () => {
    // Prepare: the shape cdktf 0.21 writes for Fn.jsonencode with tokens.
    const text =
      '${jsonencode({"source" = ["aws.kms"], "detail" = {"keyId" = [aws_kms_key.k.arn, data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.x, {"prefix" = "${aws_kms_key.k.arn}:x"}], "n" = [{"numeric" = [">=", 4.5]}], "b" = [true, false, null], "q" = "a \\"quoted\\" $${literal}"}})}';
    // Act
    const value = jsonencodeValue(text, resolve);
    // Assess
    expect(value).toEqual({
      source: ['aws.kms'],
      detail: {
        keyId: [
          '<aws_kms_key.k.arn>',
          '<data.terraform_remote_state.cross-stack-reference-input-dev-keys.outputs.x>',
          { prefix: '<aws_kms_key.k.arn>:x' },
        ],
        n: [{ numeric: ['>=', 4.5] }],
        b: [true, false, null],
        q: 'a "quoted" ${literal}',
      },
    });
  });

  it('is undefined for text that is not a jsonencode expression', () => {
    expect(jsonencodeValue('{"source":["aws.kms"]}', resolve)).toBeUndefined();
  });

  it.each([
    ['a function call', '${jsonencode({"a" = upper("x")})}', 'function call upper() is not read'],
    ['an interpolated expression', '${jsonencode({"a" = "${1 + 2}"})}', 'is not a reference'],
    ['trailing text', '${jsonencode({"a" = 1} x)}', 'unexpected text after the value'],
    ['an unterminated string', '${jsonencode({"a" = "x})}', 'unterminated string'],
    ['a missing "="', '${jsonencode({"a" 1})}', 'expected "=" after an object key'],
  ])('refuses %s', (_title, text, message) => {
    expect(() => jsonencodeValue(text, resolve)).toThrow(HclValueError);
    expect(() => jsonencodeValue(text, resolve)).toThrow(message);
  });
});
