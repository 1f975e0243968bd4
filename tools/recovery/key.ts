/**
 * The VaultKey pending deletion (or disabled): cancel the deletion, re-enable, confirm. Cancelling
 * leaves a key Disabled, so EnableKey always follows. Only possible inside the waiting period
 * (30 days here): after it, the key and every object and record encrypted under it are gone.
 */
import { CancelKeyDeletionCommand, DescribeKeyCommand, EnableKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { RecoveryError } from './objects';

export interface KeyRescue {
  readonly keyArn: string;
  readonly before: string;
  readonly after: string;
  readonly steps: readonly string[];
  /** When the deletion had been scheduled for, if it was. */
  readonly deletionDate?: Date;
}

export async function rescueKey(kms: KMSClient, keyId: string, apply: boolean): Promise<KeyRescue> {
  const meta = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  if (meta?.KeyId === undefined || meta.Arn === undefined) throw new RecoveryError(`DescribeKey ${keyId}: no key`);
  const before = meta.KeyState ?? 'Unknown';
  const steps: string[] = [];
  if (before === 'PendingDeletion') steps.push(`CancelKeyDeletion ${meta.KeyId}`);
  if (before === 'PendingDeletion' || before === 'Disabled') steps.push(`EnableKey ${meta.KeyId}`);
  if (before !== 'Enabled' && before !== 'PendingDeletion' && before !== 'Disabled') {
    throw new RecoveryError(
      `key ${meta.Arn} is ${before}: not recoverable by cancel/enable (PendingImport, Unavailable or already deleted)`,
    );
  }
  const base = {
    keyArn: meta.Arn,
    before,
    steps,
    ...(meta.DeletionDate !== undefined ? { deletionDate: meta.DeletionDate } : {}),
  };
  if (!apply || steps.length === 0) return { ...base, after: before };
  if (before === 'PendingDeletion') await kms.send(new CancelKeyDeletionCommand({ KeyId: meta.KeyId }));
  await kms.send(new EnableKeyCommand({ KeyId: meta.KeyId }));
  const after = (await kms.send(new DescribeKeyCommand({ KeyId: meta.KeyId }))).KeyMetadata?.KeyState ?? 'Unknown';
  if (after !== 'Enabled') throw new RecoveryError(`key ${meta.Arn} is ${after} after cancel/enable`);
  return { ...base, after };
}
