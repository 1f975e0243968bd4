import { blocks, bool, num, shown, str } from '../engine/model';
import { conditionValues, coversAction, isPublicAllow, principalIds } from '../engine/policy';
import type { Rule } from '../engine/types';
import {
  IDENTITY_POLICY_TYPES,
  awsDocs,
  cis,
  ckv,
  cmkOf,
  denialsExceptNamed,
  fsbp,
  identityPolicy,
  keyPolicy,
  nag,
  nist,
  ok,
  when,
} from './helpers';
import { alertsTopic } from './tamper-events';
import type { ModelQuery, PolicyStatement, TfElement } from '../engine/types';

const KEY_ADMIN_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:CreateGrant'];
const KEY_USE_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom'];
/** A signing key (`SIGN_VERIFY`): KMS cannot rotate it, and no data is encrypted under it. */
const isSigningKey = (k: TfElement): boolean => str(k.config.key_usage) === 'SIGN_VERIFY';
const isRoot = (arn: string): boolean => /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn) || /^\d{12}$/.test(arn);

/**
 * Who may disable a key or schedule its deletion, by role: the AWS principals of the statements that
 * allow it or, where the principal is the account and `aws:PrincipalArn` names roles, those roles.
 */
export function keyDisablers(q: ModelQuery, key: TfElement): Set<string> {
  const effective = (s: PolicyStatement): string[] => {
    const named = conditionValues(s, 'aws:PrincipalArn', ['ArnEquals', 'ArnLike', 'StringEquals', 'StringLike']);
    const ids = principalIds(s, 'AWS');
    return named.length > 0 && ids.every((p) => isRoot(p)) ? named : ids.filter((p) => !isRoot(p));
  };
  return new Set(
    (keyPolicy(q, key) ?? [])
      .filter(
        (s) => s.effect === 'Allow' && ['kms:DisableKey', 'kms:ScheduleKeyDeletion'].some((a) => coversAction(s, a)),
      )
      .flatMap(effective),
  );
}

/** Keys of the topics EventBridge rules deliver alerts to. */
export function alertTopicKeys(q: ModelQuery): TfElement[] {
  const out = new Set<TfElement>();
  for (const t of q.all('aws_cloudwatch_event_target')) {
    const rule = q.target(t, t.config.rule)?.element;
    const topic = q.target(t, t.config.arn)?.element;
    if (rule === undefined || topic?.type !== 'aws_sns_topic' || !alertsTopic(q, rule)) continue;
    const key = cmkOf(q, topic, topic.config.kms_master_key_id);
    if (key !== undefined) out.add(key);
  }
  return [...out];
}

/** KMS rules, in report order. */
export const KMS_RULES: readonly Rule[] = [
  {
    id: 'VAULT-KMS-001',
    title: 'Customer-managed encryption keys rotate automatically',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'Yearly rotation limits the data protected by any one key version. Signing keys (SIGN_VERIFY) are exempt: KMS cannot rotate asymmetric keys; a new key replaces them.',
    fix: 'Set enable_key_rotation = true.',
    controls: [
      ...fsbp('KMS.4'),
      ...cis('3.6'),
      ...ckv('CKV_AWS_7'),
      ...nag('AwsSolutions-KMS5', 'NIST.800.53.R5-KMSBackingKeyRotationEnabled'),
    ],
    check: (k) =>
      when(!isSigningKey(k) && bool(k.config.enable_key_rotation) !== true, 'enable_key_rotation is not true'),
  },
  {
    id: 'VAULT-KMS-002',
    title: 'Key deletion waits the maximum 30 days',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale: 'Deleting a key destroys every ciphertext under it; the waiting period is the only undo.',
    fix: 'Set deletion_window_in_days = 30.',
    controls: [...fsbp('KMS.3'), ...nist('SC-12')],
    check: (k) =>
      when(
        (num(k.config.deletion_window_in_days) ?? 30) < 30,
        `deletion_window_in_days is ${shown(k.config.deletion_window_in_days)}`,
      ),
  },
  {
    id: 'VAULT-KMS-003',
    title: 'Every key has an explicit key policy',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'The default key policy delegates everything to IAM; an explicit policy separates administrators from users.',
    fix: 'Set policy from a DataAwsIamPolicyDocument (or add an aws_kms_key_policy).',
    controls: ckv('CKV2_AWS_64'),
    check: (k, q) => when(keyPolicy(q, k) === undefined, 'no key policy'),
  },
  {
    id: 'VAULT-KMS-004',
    title: 'Key policy grants nothing to the public',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale: 'A "*" principal on a key policy lets any account use or manage the key.',
    fix: 'Name exact principals or restrict "*" with kms:CallerAccount / aws:SourceAccount conditions.',
    controls: ckv('CKV_AWS_33'),
    check: (k, q) => when((keyPolicy(q, k) ?? []).some(isPublicAllow), 'public Allow in key policy'),
  },
  {
    id: 'VAULT-KMS-005',
    title: 'Key administrators cannot use the key',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale: 'Separation of duties: who manages a key must not decrypt what it protects.',
    fix: 'Grant key-administration and cryptographic actions to different principals (account root excepted).',
    controls: nist('AC-5', 'AC-6'),
    check: (k, q) => {
      const st = keyPolicy(q, k) ?? [];
      // Effective principals: the AWS principals of a statement or, where the principal is the
      // account and an `aws:PrincipalArn` condition names roles, those roles (the vault's pattern).
      const effective = (s: (typeof st)[number]): string[] => {
        const named = conditionValues(s, 'aws:PrincipalArn', ['ArnEquals', 'ArnLike', 'StringEquals', 'StringLike']);
        const ids = principalIds(s, 'AWS');
        return named.length > 0 && ids.every((p) => isRoot(p)) ? named : ids.filter((p) => !isRoot(p));
      };
      const principals = (actions: string[], counts: (s: (typeof st)[number]) => boolean = () => true): Set<string> =>
        new Set(
          st
            .filter((s) => s.effect === 'Allow' && actions.some((a) => coversAction(s, a)) && counts(s))
            .flatMap(effective),
        );
      // A grant an AWS service creates for its own resource (kms:ViaService or
      // kms:GrantIsForAWSResource) is how DynamoDB and Lambda use a CMK, not key administration.
      const administers = (s: (typeof st)[number]): boolean =>
        KEY_ADMIN_ACTIONS.filter((a) => a !== 'kms:CreateGrant').some((a) => coversAction(s, a)) ||
        (conditionValues(s, 'kms:ViaService').length === 0 &&
          conditionValues(s, 'kms:GrantIsForAWSResource').length === 0);
      const admins = principals(KEY_ADMIN_ACTIONS, administers);
      const both = [...principals(KEY_USE_ACTIONS)].filter((p) => admins.has(p));
      return when(both.length > 0, `principal(s) both administer and use the key: ${both.join(', ')}`);
    },
  },
  {
    id: 'VAULT-KMS-006',
    title: 'AWS services use keys only under conditions',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'A service principal without kms:ViaService, encryption-context or source conditions is a confused-deputy path.',
    fix: 'Add kms:ViaService + kms:CallerAccount, kms:EncryptionContext:*, or aws:SourceArn / aws:SourceAccount to every service statement.',
    controls: nist('AC-6', 'SC-12'),
    check: (k, q) => {
      const bad = (keyPolicy(q, k) ?? []).filter(
        (s) => s.effect === 'Allow' && s.principals.some((p) => p.type === 'Service') && s.conditions.length === 0,
      );
      return when(
        bad.length > 0,
        `unconditioned service statement(s): ${bad.map((s) => s.sid ?? '(no sid)').join(', ')}`,
      );
    },
  },
  {
    id: 'VAULT-KMS-007',
    title: 'Encryption keys are symmetric (rotation applies)',
    severity: 'warning',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'Automatic rotation exists only for symmetric encryption keys; signing keys (SIGN_VERIFY) are asymmetric by nature.',
    fix: 'Use customer_master_key_spec = SYMMETRIC_DEFAULT for data keys.',
    controls: cis('3.6'),
    check: (k) =>
      when(
        !isSigningKey(k) && (str(k.config.customer_master_key_spec) ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT',
        'asymmetric key spec',
      ),
  },
  {
    id: 'VAULT-KMS-008',
    title: 'Identity policies do not allow decryption with every key',
    severity: 'error',
    resourceTypes: [...IDENTITY_POLICY_TYPES],
    rationale: 'kms:Decrypt on "*" reads anything encrypted under any key the key policies delegate to IAM.',
    fix: 'List the exact key ARNs in Resource.',
    controls: [...fsbp('KMS.1', 'KMS.2')],
    check: (e, q) => {
      const bad = identityPolicy(q, e).filter(
        (s) =>
          s.effect === 'Allow' &&
          (coversAction(s, 'kms:Decrypt') || coversAction(s, 'kms:ReEncryptFrom')) &&
          s.resources.some((r) => r === '*' || r.endsWith(':key/*')),
      );
      return when(bad.length > 0, 'kms:Decrypt/ReEncryptFrom allowed on all keys');
    },
  },
  {
    id: 'VAULT-KMS-009',
    title: 'Keys are protected from terraform destroy',
    severity: 'warning',
    resourceTypes: ['aws_kms_key'],
    rationale: 'A destroyed key schedules deletion of everything it encrypts.',
    fix: 'Set lifecycle { prevent_destroy = true }.',
    controls: fsbp('KMS.3'),
    check: (k) =>
      when(
        blocks(k.config.lifecycle).every((l) => bool(l.prevent_destroy) !== true),
        'no lifecycle.prevent_destroy',
      ),
  },
  {
    id: 'VAULT-KMS-012',
    title: 'A signing key signs only for named principals',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'Whoever can sign with the ledger digest key can forge digests: the key policy must refuse kms:Sign to every principal but the signer, whatever IAM policies or grants say.',
    fix: 'Add a key-policy Deny of kms:Sign for Principal "*" with Condition ArnNotEquals aws:PrincipalArn = the signer role (LedgerSigningKeyPolicy).',
    controls: nist('AU-10', 'SC-12', 'AC-6'),
    check: (k, q) => {
      if (!isSigningKey(k)) return ok;
      const st = keyPolicy(q, k) ?? [];
      return when(
        denialsExceptNamed(st, 'kms:Sign', '*').length === 0,
        'kms:Sign is not denied to all but named principals',
      );
    },
  },
  {
    id: 'VAULT-KMS-010',
    title: 'Key use through DynamoDB is limited to named tables',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale:
      'A grant through DynamoDB for any table lets its holder read a copy of a table restored (or created) under another name, outside the table resource policy; DynamoDB names the table in the encryption context of every call.',
    fix: 'Add Condition StringEquals (or StringLike) kms:EncryptionContext:aws:dynamodb:tableName = the table name to every statement that uses the key through dynamodb.<region>.amazonaws.com.',
    controls: [...nist('AC-3', 'AC-6'), ...awsDocs('DynamoDB-encryption-usagenotes')],
    check: (k, q) => {
      const open = (keyPolicy(q, k) ?? []).filter(
        (s) =>
          s.effect === 'Allow' &&
          conditionValues(s, 'kms:ViaService').some((v) => v.startsWith('dynamodb.')) &&
          KEY_USE_ACTIONS.some((a) => coversAction(s, a)) &&
          conditionValues(s, 'kms:EncryptionContext:aws:dynamodb:tableName').length === 0,
      );
      return when(
        open.length > 0,
        `use through DynamoDB for any table: ${open.map((s) => s.sid ?? '(no Sid)').join(', ')}`,
      );
    },
  },
  {
    id: 'VAULT-KMS-011',
    title: 'The alert key is administered by others than the audit key',
    severity: 'error',
    resourceTypes: ['aws_kms_key'],
    rationale:
      "Whoever can disable the key of the trail's log files and log group must not also disable the key of the alerts that report it: one action would silence both.",
    fix: 'Name different key administrators (aws:PrincipalArn of the statements allowing kms:DisableKey / kms:ScheduleKeyDeletion) in the alert key and in the trail key.',
    controls: nist('AC-5', 'SI-4'),
    check: (k, q) => {
      if (!alertTopicKeys(q).includes(k)) return ok;
      const trailKeys = q
        .all('aws_cloudtrail')
        .map((t) => cmkOf(q, t, t.config.kms_key_id))
        .filter((t): t is TfElement => t !== undefined && t !== k);
      const mine = keyDisablers(q, k);
      const shared = [...new Set(trailKeys.flatMap((t) => [...keyDisablers(q, t)]))].filter((p) => mine.has(p));
      return when(shared.length > 0, `also administer the trail's key: ${shared.join(', ')}`);
    },
  },
];
