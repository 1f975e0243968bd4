import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { KMS_PUBLIC_KEY_ACTIONS, KMS_SIGN_ACTIONS, actions } from '../core/kms-actions';

/** The one signing algorithm and message type the digest job uses (`lambda-src/ledger-integrity/aws.ts`). */
export const DIGEST_SIGNING_ALGORITHM = 'RSASSA_PKCS1_V1_5_SHA_256';

export interface LedgerSigningKeyPolicyProps {
  readonly aws: AwsContext;
  /** Key administration statements (`KeyAdministrationPolicy.document.json`): no cryptographic use. */
  readonly administration: string;
  /** The digest job's role (deterministic name): the only principal that may sign. */
  readonly signerRoleArn: string;
}

/**
 * The digest signing key's policy:
 *
 * - only the digest job's role may `kms:Sign`, and only SHA-256 digests with RSASSA-PKCS1-v1_5
 *   (`kms:SigningAlgorithm`, `kms:MessageType`: https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html);
 *   an explicit deny refuses `kms:Sign` to every other principal, whatever a later statement or grant says;
 * - every principal of the account may read the public key (`kms:GetPublicKey`, `kms:DescribeKey`), so anyone
 *   can verify digests, online or offline with a copy of the key ("Any user who can get the public key can use
 *   it outside of AWS KMS": https://docs.aws.amazon.com/kms/latest/developerguide/download-public-key.html);
 * - nobody gets `kms:Verify`: verification needs no KMS call.
 *
 * The key administrators administer it (they could rewrite this policy: the key-policy change alarm reports it,
 * and a digest signed after such a change still has to chain onto the write-once digests before it).
 */
export class LedgerSigningKeyPolicy extends Construct {
  public readonly signing: DataAwsIamPolicyDocument;
  public readonly document: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: LedgerSigningKeyPolicyProps) {
    super(scope, id);
    const { aws } = props;
    const callerAccount = { test: 'StringEquals', variable: 'kms:CallerAccount', values: [aws.accountId] };
    this.signing = new DataAwsIamPolicyDocument(this, 'signing', {
      statement: [
        {
          sid: 'SignDigestsOnlyByTheDigestJob',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [aws.rootArn] }],
          actions: actions(KMS_SIGN_ACTIONS),
          resources: ['*'],
          condition: [
            { test: 'ArnEquals', variable: 'aws:PrincipalArn', values: [props.signerRoleArn] },
            { test: 'StringEquals', variable: 'kms:SigningAlgorithm', values: [DIGEST_SIGNING_ALGORITHM] },
            { test: 'StringEquals', variable: 'kms:MessageType', values: ['DIGEST'] },
            callerAccount,
          ],
        },
        {
          sid: 'DenySigningExceptTheDigestJob',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: actions(KMS_SIGN_ACTIONS),
          resources: ['*'],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [props.signerRoleArn] }],
        },
        {
          sid: 'PublicKeyForTheAccount',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: ['*'] }],
          actions: actions(KMS_PUBLIC_KEY_ACTIONS),
          resources: ['*'],
          condition: [callerAccount],
        },
      ],
    });
    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      sourcePolicyDocuments: [props.administration, this.signing.json],
    });
  }
}
