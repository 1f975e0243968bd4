import { Construct } from 'constructs';
import {
  DataAwsIamPolicyDocument,
  type DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { AwsContext } from '../core/aws-context';
import { KMS_DECRYPT_ACTIONS, KMS_S3_WRITE_ACTIONS } from '../core/kms-actions';
import { rolesUseKeyVia } from '../keys/key-policy-statements';

export interface StateKeyPolicyProps {
  readonly aws: AwsContext;
  /** Key administration statements (`KeyAdministrationPolicy.document.json`). */
  readonly administration: string;
  /** The state bucket: the key is usable only for its objects (S3 encryption context). */
  readonly stateBucketName: string;
  /** Roles that read and write every stack's state (deployers, break-glass). */
  readonly writerArns: readonly string[];
  /** Roles that only read state (plan roles). @default [] */
  readonly readerArns?: readonly string[];
  /**
   * Roles that read and write only the state objects named in `ownStateKeys` (the key
   * administrators, who apply the state and keys stacks). @default []
   */
  readonly ownStateWriterArns?: readonly string[];
  /** Object keys (without the `.tflock` suffix) `ownStateWriterArns` may use the key for. @default [] */
  readonly ownStateKeys?: readonly string[];
  /** Roles that read and write only the state objects in `alertingStateKeys` (the alert administrators). @default [] */
  readonly alertingStateWriterArns?: readonly string[];
  /** Object keys (without the `.tflock` suffix) `alertingStateWriterArns` may use the key for. @default [] */
  readonly alertingStateKeys?: readonly string[];
}

/**
 * The state key's policy: Terraform state is decrypted and encrypted only through S3 of this
 * account and region, only for objects of the state bucket (S3's encryption context is the object's
 * ARN when the bucket has no S3 Bucket Key:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context),
 * and only by the roles that run Terraform: deployers and break-glass read and write, plan roles
 * read, key administrators and alert administrators read and write the state of the stacks they
 * apply (and nothing else).
 */
export class StateKeyPolicy extends Construct {
  public readonly stateUse: DataAwsIamPolicyDocument;
  public readonly document: DataAwsIamPolicyDocument;

  public constructor(scope: Construct, id: string, props: StateKeyPolicyProps) {
    super(scope, id);
    const { aws } = props;
    const objectArn = (key: string): string => `${aws.bucketArn(props.stateBucketName)}/${key}`;
    const statement = (
      sid: string,
      arns: readonly string[] | undefined,
      acts: readonly string[],
      objects: readonly string[],
    ): DataAwsIamPolicyDocumentStatement[] =>
      objects.length === 0
        ? []
        : rolesUseKeyVia(aws, sid, arns, acts, 's3', [
            { test: 'StringLike', variable: 'kms:EncryptionContext:aws:s3:arn', values: [...objects] },
          ]);
    const every = [objectArn('*')];
    const own = (props.ownStateKeys ?? []).map((k) => objectArn(`${k}*`));
    const alerting = (props.alertingStateKeys ?? []).map((k) => objectArn(`${k}*`));
    this.stateUse = new DataAwsIamPolicyDocument(this, 'state-use', {
      statement: [
        ...statement('ReadWriteStateViaS3', props.writerArns, KMS_S3_WRITE_ACTIONS, every),
        ...statement('ReadStateViaS3', props.readerArns, KMS_DECRYPT_ACTIONS, every),
        ...statement('ReadWriteOwnStateViaS3', props.ownStateWriterArns, KMS_S3_WRITE_ACTIONS, own),
        ...statement('ReadWriteAlertingStateViaS3', props.alertingStateWriterArns, KMS_S3_WRITE_ACTIONS, alerting),
      ],
    });
    this.document = new DataAwsIamPolicyDocument(this, 'document', {
      sourcePolicyDocuments: [props.administration, this.stateUse.json],
    });
  }
}
