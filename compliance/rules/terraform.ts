import { bool, shown, str } from '../engine/model';
import type { Rule } from '../engine/types';
import { arnOf, awsDocs, bucketPolicy, denialsExceptNamed, nist, stateBuckets, when } from './helpers';

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-z-]+$/;

/** Terraform state rules (the S3 backend of every stack, and the bucket state lives in), in report order. */
export const TERRAFORM_RULES: readonly Rule[] = [
  {
    id: 'VAULT-TF-001',
    title: 'Remote state is encrypted with a customer-managed key',
    severity: 'error',
    resourceTypes: ['terraform_backend_s3'],
    rationale:
      'State holds every resource attribute; under its own key, reading it needs the key policy too, not just S3 access. Terraform sends kms_key_id only with encrypt = true, verbatim as the SSE header.',
    fix: 'Set encrypt = true and kms_key_id = the state key ARN (an ARN, not an alias) on the S3 backend.',
    controls: [...nist('AC-3'), ...awsDocs('S3-UsingKMSEncryption')],
    check: (b) => {
      const key = str(b.config.kms_key_id);
      return when(
        bool(b.config.encrypt) !== true || key === undefined || !KEY_ARN.test(key),
        `encrypt = ${shown(b.config.encrypt)}, kms_key_id = ${key ?? 'unset'}`,
      );
    },
  },
  {
    id: 'VAULT-TF-002',
    title: 'State is read and written only by named roles',
    severity: 'error',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'Rewriting state makes the next apply destroy, replace or re-point resources; reading it maps the whole vault. Only the roles that run Terraform (and break-glass) may.',
    fix: 'Deny s3:GetObject*, s3:PutObject and s3:DeleteObjectVersion on <state bucket>/* to Principal "*" except the deployer, plan, key-administration and break-glass roles (aws:PrincipalArn).',
    controls: nist('AC-3', 'AC-6'),
    check: (b, q) => {
      if (!stateBuckets(q).includes(b)) return [];
      const object = `${arnOf(q, b)}/env/stack.tfstate`;
      const policy = bucketPolicy(q, b) ?? [];
      const open = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObjectVersion'].filter(
        (a) => denialsExceptNamed(policy, a, object).length === 0,
      );
      return when(open.length > 0, `state objects not restricted to named roles for ${open.join(', ')}`);
    },
  },
];
