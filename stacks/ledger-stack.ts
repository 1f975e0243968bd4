import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentConfig } from '../config/types';
import { resourceNames } from '../config/names';
import { VaultStack } from './vault-stack';
import { AppendOnlyLedger } from '../modules/ledger/append-only-ledger';
import { ledgerWriterArns } from '../modules/ledger/ledger-writers';
import { environmentRoles } from '../modules/keys/environment-roles';
import { ledgerCopierArns } from '../modules/ledger/ledger-copiers';
import { ledgerKeySchema } from '../lambda-src/verifier/ledger-schema';

export interface LedgerStackProps {
  /** ARN of the VaultKey (from the keys stack). */
  readonly vaultKeyArn: string;
}

/**
 * `<env>-ledger`: the append-only DynamoDB ledger of verification records. Its key schema is the
 * verifier's own (`lambda-src/verifier/ledger-schema.ts`): one record per upload attempt, keyed by
 * object version, so a redelivered event is detected; GSI `bySubject` answers "all decisions for
 * subject X between T1 and T2". The writer is the verifier's role, named deterministically
 * (the verifier stack comes later), or `ledgerWriterRoleArn` from config.
 */
export class LedgerStack extends VaultStack {
  public readonly ledger: AppendOnlyLedger;

  public constructor(scope: Construct, env: EnvironmentConfig, props: LedgerStackProps) {
    super(scope, { env, concern: 'ledger' });
    const names = resourceNames(env);
    this.ledger = new AppendOnlyLedger(this, 'ledger', {
      aws: this.aws,
      tableName: names.ledgerTable,
      keySchema: ledgerKeySchema,
      kmsKeyArn: props.vaultKeyArn,
      writerRoleArns: ledgerWriterArns(env, this.aws),
      readerRoleArns: environmentRoles(env).ledgerReaders,
      copierRoleArns: ledgerCopierArns(env),
      breakGlassRoleArn: this.aws.roleArn(env.breakGlassRoleName),
      deletionProtection: env.deletionProtection,
      // The stream consumer of `<env>-ledger-integrity` (a later stack: named, not referenced).
      stream: { readerRoleArns: [this.aws.roleArn(names.ledgerStreamRole)] },
    });
    new TerraformOutput(this, 'ledger_table_name', { value: this.ledger.tableName });
    new TerraformOutput(this, 'ledger_table_arn', { value: this.ledger.tableArn });
    new TerraformOutput(this, 'ledger_stream_arn', { value: this.ledger.streamArn });
  }
}
