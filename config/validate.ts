import type {
  AlertingConfig,
  AuditConfig,
  DataAccessConfig,
  EnvironmentConfig,
  LedgerIntegrityConfig,
  ThreatDetectionConfig,
  VerifierConfig,
} from './types';
import { CLOUDWATCH_LOGS_RETENTION_DAYS } from '../modules/core/log-retention';

/**
 * DetectFaces calls one upload may need: the upload's, and the reference's when its version was not
 * checked yet in that instance. CompareFaces is one call, on its own quota.
 */
const DETECT_FACES_PER_UPLOAD = 2;
/** Seconds of the verifier's 60 s a batch may spend waiting for its Rekognition turns: half. */
const VERIFIER_BATCH_BUDGET_SECONDS = 30;

/** One problem found in a configuration value: the field's path and the value received. */
export interface ConfigProblem {
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
}

/** Thrown when configuration is invalid; lists every problem, not only the first. */
export class ConfigValidationError extends Error {
  public readonly problems: readonly ConfigProblem[];

  public constructor(source: string, problems: readonly ConfigProblem[]) {
    super(
      `Invalid vault configuration (${source}):\n` +
        problems.map((p) => `  - ${p.field}: ${p.message} (received ${show(p.value)})`).join('\n'),
    );
    this.name = 'ConfigValidationError';
    this.problems = problems;
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}

const ENV_NAME = /^[a-z][a-z0-9]{1,15}$/;
const REGION =
  /^(us|eu|ap|sa|ca|me|af|il|mx)(-gov|-iso|-isob)?-(north|south|east|west|central|northeast|southeast|northwest|southwest)-[1-9]$/;
const ACCOUNT_ID = /^\d{12}$/;
// S3 bucket naming rules: 3-63 chars, lower case, digits, dots and hyphens, start and end alphanumeric.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ALIAS = /^alias\/(?!aws\/)[a-zA-Z0-9/_-]{1,250}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DETECTOR_ID = /^[a-z0-9]{32}$/;
// A key ARN, never an alias: the S3 backend sends kms_key_id verbatim as the SSE-KMS header, and the
// state bucket policy requires that header to be exactly the key's ARN.
const KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:([a-z0-9-]+):(\d{12}):key\/((mrk-)?[0-9a-f]{32}|[0-9a-f-]{36})$/;

class Collector {
  public readonly problems: ConfigProblem[] = [];
  public constructor(private readonly prefix: string) {}

  public check(ok: boolean, field: string, value: unknown, message: string): void {
    if (!ok) this.problems.push({ field: `${this.prefix}.${field}`, value, message });
  }

  public integer(field: string, value: unknown, min: number, max: number): void {
    this.check(
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      field,
      value,
      `must be an integer from ${min} to ${max}`,
    );
  }

  /**
   * A Rekognition threshold, on its 0-100 scale: above 1 and at most 100. A fraction such as 0.9
   * would filter nothing, and 0 filters nothing either: both are refused with that reason.
   */
  public percentage(field: string, value: unknown): void {
    const isNumber = typeof value === 'number' && Number.isFinite(value);
    if (isNumber && value > 0 && value <= 1) {
      this.check(
        false,
        field,
        value,
        "looks like a 0-1 fraction; thresholds use Rekognition's 0-100 scale (write 90, not 0.9)",
      );
      return;
    }
    this.check(
      isNumber && value > 1 && value <= 100,
      field,
      value,
      "must be a number above 1 and at most 100 (Rekognition's 0-100 scale; 0 would filter nothing)",
    );
  }

  /** Fields the type does not declare: a misspelt optional field would otherwise be ignored silently. */
  public knownFields(field: string, value: unknown, known: Readonly<Record<string, true>>): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (Object.prototype.hasOwnProperty.call(known, key)) continue;
      const hint = nearest(key, Object.keys(known));
      this.check(
        false,
        field === '' ? key : `${field}.${key}`,
        (value as Record<string, unknown>)[key],
        `unknown field${hint !== undefined ? `; did you mean "${hint}"?` : ''} (known: ${Object.keys(known).join(', ')})`,
      );
    }
  }

  public matches(field: string, value: unknown, pattern: RegExp, what: string): void {
    this.check(typeof value === 'string' && pattern.test(value), field, value, `must be ${what}`);
  }

  public boolean(field: string, value: unknown): void {
    this.check(typeof value === 'boolean', field, value, 'must be true or false');
  }
}

/**
 * An environment as validation reads it: hand-edited configuration that nothing has checked yet, so
 * any field may be missing (the checks below never assume one is there).
 */
type Unvalidated<T> = T extends readonly (infer E)[]
  ? readonly Unvalidated<E>[]
  : T extends object
    ? { readonly [K in keyof T]?: Unvalidated<T[K]> }
    : T;

/** A number that may be missing, for comparisons: missing compares false, as `undefined` does. */
function num(value: number | undefined): number {
  return value ?? Number.NaN;
}

/**
 * The fields of each configuration object. `Record<keyof T, true>` makes the compiler check that
 * every declared field is listed and nothing else: these lists cannot drift from `types.ts`.
 */
const ENVIRONMENT_FIELDS: Readonly<Record<keyof EnvironmentConfig, true>> = {
  name: true,
  region: true,
  allowedAccountIds: true,
  stateBucketName: true,
  stateBackend: true,
  stateKeyArn: true,
  keyAlias: true,
  auditKeyAlias: true,
  imageRetentionDays: true,
  logRetentionDays: true,
  deletionProtection: true,
  alertEmail: true,
  alerting: true,
  keyAdministratorRoleArns: true,
  deployerRoleArns: true,
  planRoleArns: true,
  signerRoleArns: true,
  dataAccess: true,
  auditorRoleArns: true,
  breakGlassRoleName: true,
  ledgerWriterRoleArn: true,
  verifier: true,
  audit: true,
  threatDetection: true,
  ledgerIntegrity: true,
};
const VERIFIER_FIELDS: Readonly<Record<keyof VerifierConfig, true>> = {
  faceConfidenceThreshold: true,
  similarityThreshold: true,
  allowDetectionOnlyWithoutReference: true,
  reservedConcurrency: true,
  rekognitionTpsQuota: true,
  maxConcurrency: true,
  batchSize: true,
  maxReceiveCount: true,
  maxAsyncRetries: true,
  unauthorizedAlarmThreshold: true,
  codeSigning: true,
};
const AUDIT_FIELDS: Readonly<Record<keyof AuditConfig, true>> = {
  trailRetentionDays: true,
  transitionToColdDays: true,
  objectLockMode: true,
  objectLockDays: true,
};
const LEDGER_INTEGRITY_FIELDS: Readonly<Record<keyof LedgerIntegrityConfig, true>> = {
  digestIntervalMinutes: true,
  settleSeconds: true,
  objectLockMode: true,
  objectLockDays: true,
  digestMemoryMb: true,
};
const THREAT_DETECTION_FIELDS: Readonly<Record<keyof ThreatDetectionConfig, true>> = {
  existingDetectorId: true,
  findingSeverityThreshold: true,
};
const ALERTING_FIELDS: Readonly<Record<keyof AlertingConfig, true>> = {
  keyAlias: true,
  keyAdministratorRoleArns: true,
  eventBridgeSourceArnCondition: true,
};
const DATA_ACCESS_FIELDS: Readonly<Record<keyof DataAccessConfig, true>> = {
  uploaderRoleArns: true,
  enrollerRoleArns: true,
  ledgerReaderRoleArns: true,
  verificationRoleArns: true,
};

/** The candidate closest to `word` by edit distance, when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The account id of an IAM role ARN, or undefined when it is not one. */
function roleAccount(arn: unknown): string | undefined {
  return typeof arn === 'string' && ROLE_ARN.test(arn) ? arn.split(':')[4] : undefined;
}

/** Returns every problem of one environment; an empty list means it is valid. */
export function environmentProblems(key: string, config: EnvironmentConfig): ConfigProblem[] {
  const env: Unvalidated<EnvironmentConfig> = config;
  const c = new Collector(`environments.${key}`);
  c.knownFields('', env, ENVIRONMENT_FIELDS);
  c.knownFields('verifier', env.verifier, VERIFIER_FIELDS);
  c.knownFields('audit', env.audit, AUDIT_FIELDS);
  c.knownFields('ledgerIntegrity', env.ledgerIntegrity, LEDGER_INTEGRITY_FIELDS);
  c.knownFields('threatDetection', env.threatDetection, THREAT_DETECTION_FIELDS);
  c.knownFields('dataAccess', env.dataAccess, DATA_ACCESS_FIELDS);
  c.knownFields('alerting', env.alerting, ALERTING_FIELDS);
  c.matches('name', env.name, ENV_NAME, 'lower-case letters and digits, 2-16 characters, starting with a letter');
  c.check(env.name === key, 'name', env.name, `must equal its key "${key}"`);
  c.matches('region', env.region, REGION, 'an AWS region such as "eu-west-1"');
  c.check(
    Array.isArray(env.allowedAccountIds) && env.allowedAccountIds.length > 0,
    'allowedAccountIds',
    env.allowedAccountIds,
    'must list at least one account id',
  );
  (env.allowedAccountIds ?? []).forEach((id, i) =>
    c.matches(`allowedAccountIds[${i}]`, id, ACCOUNT_ID, 'a 12-digit AWS account id'),
  );
  c.matches(
    'stateBucketName',
    env.stateBucketName,
    BUCKET,
    'a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
  );
  c.check(
    env.stateBackend === 'local' || env.stateBackend === 's3',
    'stateBackend',
    env.stateBackend,
    'must be "local" or "s3"',
  );
  c.matches(
    'stateKeyArn',
    env.stateKeyArn,
    KEY_ARN,
    'a KMS key ARN "arn:aws:kms:<region>:<account>:key/<key id>" (not an alias: the state bucket requires the key ARN)',
  );
  const stateKey = typeof env.stateKeyArn === 'string' ? KEY_ARN.exec(env.stateKeyArn) : null;
  if (stateKey !== null) {
    c.check(
      stateKey[2] === env.region,
      'stateKeyArn',
      env.stateKeyArn,
      `must be a key in the environment's region ${String(env.region)} (the state bucket's region)`,
    );
    c.check(
      (env.allowedAccountIds ?? []).includes(stateKey[3] ?? ''),
      'stateKeyArn',
      env.stateKeyArn,
      "must be a key in one of the environment's allowedAccountIds",
    );
  }
  c.matches('keyAlias', env.keyAlias, ALIAS, 'a KMS alias "alias/<name>" outside the reserved "alias/aws/" namespace');
  c.matches(
    'auditKeyAlias',
    env.auditKeyAlias,
    ALIAS,
    'a KMS alias "alias/<name>" outside the reserved "alias/aws/" namespace',
  );
  c.check(
    env.keyAlias !== env.auditKeyAlias,
    'auditKeyAlias',
    env.auditKeyAlias,
    'must differ from keyAlias: audit logs have their own key',
  );
  const alerting: Unvalidated<AlertingConfig> = env.alerting ?? {};
  c.matches(
    'alerting.keyAlias',
    alerting.keyAlias,
    ALIAS,
    'a KMS alias "alias/<name>" outside the reserved "alias/aws/" namespace',
  );
  c.check(
    alerting.keyAlias !== env.keyAlias && alerting.keyAlias !== env.auditKeyAlias,
    'alerting.keyAlias',
    alerting.keyAlias,
    'must differ from keyAlias and auditKeyAlias: alerts have a key of their own',
  );
  c.boolean('alerting.eventBridgeSourceArnCondition', alerting.eventBridgeSourceArnCondition);
  c.integer('imageRetentionDays', env.imageRetentionDays, 1, 3650);
  c.integer('logRetentionDays', env.logRetentionDays, 1, 3653);
  if (
    typeof env.logRetentionDays === 'number' &&
    Number.isInteger(env.logRetentionDays) &&
    env.logRetentionDays >= 1 &&
    env.logRetentionDays <= 3653
  ) {
    c.check(
      (CLOUDWATCH_LOGS_RETENTION_DAYS as readonly number[]).includes(env.logRetentionDays),
      'logRetentionDays',
      env.logRetentionDays,
      `must be a CloudWatch Logs retention value: ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}`,
    );
  }
  c.boolean('deletionProtection', env.deletionProtection);
  if (env.alertEmail !== undefined) c.matches('alertEmail', env.alertEmail, EMAIL, 'an e-mail address');
  c.check(
    Array.isArray(env.keyAdministratorRoleArns),
    'keyAdministratorRoleArns',
    env.keyAdministratorRoleArns,
    'must be a list of IAM role ARNs',
  );
  (env.keyAdministratorRoleArns ?? []).forEach((arn, i) =>
    c.matches(`keyAdministratorRoleArns[${i}]`, arn, ROLE_ARN, 'an IAM role ARN'),
  );
  const roleList = (field: string, list: readonly string[] | undefined): void => {
    c.check(Array.isArray(list), field, list, 'must be a list of IAM role ARNs');
    (list ?? []).forEach((arn, i) => c.matches(`${field}[${i}]`, arn, ROLE_ARN, 'an IAM role ARN'));
  };
  roleList('deployerRoleArns', env.deployerRoleArns);
  roleList('alerting.keyAdministratorRoleArns', alerting.keyAdministratorRoleArns);
  roleList('planRoleArns', env.planRoleArns);
  roleList('signerRoleArns', env.signerRoleArns);
  roleList('dataAccess.uploaderRoleArns', env.dataAccess?.uploaderRoleArns);
  roleList('dataAccess.enrollerRoleArns', env.dataAccess?.enrollerRoleArns);
  roleList('dataAccess.ledgerReaderRoleArns', env.dataAccess?.ledgerReaderRoleArns);
  roleList('dataAccess.verificationRoleArns', env.dataAccess?.verificationRoleArns);
  // Named in every environment: the key policies name these roles, so they must not depend on who
  // runs Terraform (a plan by the plan role would otherwise show a key-policy difference).
  c.check(
    (env.keyAdministratorRoleArns ?? []).length > 0,
    'keyAdministratorRoleArns',
    env.keyAdministratorRoleArns,
    'must name at least one key-administration role (the key policies name it; dev too)',
  );
  c.check(
    (env.deployerRoleArns ?? []).length > 0,
    'deployerRoleArns',
    env.deployerRoleArns,
    'must name at least one deployer role (the VaultKey policy names it; dev too)',
  );
  const both = (env.deployerRoleArns ?? []).filter((a) => (env.keyAdministratorRoleArns ?? []).includes(a));
  c.check(both.length === 0, 'deployerRoleArns', both, 'must not repeat a key administrator (separation of duties)');
  // Whoever can disable the audit key must not also hold the key of the alerts that report it.
  c.check(
    (alerting.keyAdministratorRoleArns ?? []).length > 0,
    'alerting.keyAdministratorRoleArns',
    alerting.keyAdministratorRoleArns,
    'must name at least one alert-key administration role (the alert key policy names it; dev too)',
  );
  const alertAndKeyAdmin = (alerting.keyAdministratorRoleArns ?? []).filter((a) =>
    (env.keyAdministratorRoleArns ?? []).includes(a),
  );
  c.check(
    alertAndKeyAdmin.length === 0,
    'alerting.keyAdministratorRoleArns',
    alertAndKeyAdmin,
    'must differ from keyAdministratorRoleArns: one role could otherwise disable the audit key and the alert key that reports it',
  );
  const alertAndDeployer = (alerting.keyAdministratorRoleArns ?? []).filter((a) =>
    (env.deployerRoleArns ?? []).includes(a),
  );
  c.check(
    alertAndDeployer.length === 0,
    'alerting.keyAdministratorRoleArns',
    alertAndDeployer,
    'must not repeat a deployer: the deployer changes what the alerts watch, and must not also administer their key',
  );
  // Code signing separates who builds trusted code from who deploys it.
  if (env.verifier?.codeSigning === 'Enforce') {
    c.check(
      (env.signerRoleArns ?? []).length > 0,
      'signerRoleArns',
      env.signerRoleArns,
      'must name the roles that sign the verifier package (code signing is enforced)',
    );
  }
  const signsAndDeploys = (env.signerRoleArns ?? []).filter((a) => (env.deployerRoleArns ?? []).includes(a));
  c.check(
    signsAndDeploys.length === 0,
    'signerRoleArns',
    signsAndDeploys,
    'must not repeat a deployer: a role that both signs and deploys could deploy code of its own',
  );
  c.check(
    Array.isArray(env.auditorRoleArns),
    'auditorRoleArns',
    env.auditorRoleArns,
    'must be a list of IAM role ARNs',
  );
  (env.auditorRoleArns ?? []).forEach((arn, i) => c.matches(`auditorRoleArns[${i}]`, arn, ROLE_ARN, 'an IAM role ARN'));
  c.matches('breakGlassRoleName', env.breakGlassRoleName, ROLE_NAME, 'an IAM role name');
  if (env.ledgerWriterRoleArn !== undefined)
    c.matches('ledgerWriterRoleArn', env.ledgerWriterRoleArn, ROLE_ARN, 'an IAM role ARN');
  // A role in another account would be granted access to the vault's keys and data across accounts.
  const accounts: readonly unknown[] = Array.isArray(env.allowedAccountIds) ? env.allowedAccountIds : [];
  const roleFields: [string, readonly unknown[] | undefined][] = [
    ['keyAdministratorRoleArns', env.keyAdministratorRoleArns],
    ['deployerRoleArns', env.deployerRoleArns],
    ['alerting.keyAdministratorRoleArns', alerting.keyAdministratorRoleArns],
    ['planRoleArns', env.planRoleArns],
    ['dataAccess.uploaderRoleArns', env.dataAccess?.uploaderRoleArns],
    ['dataAccess.enrollerRoleArns', env.dataAccess?.enrollerRoleArns],
    ['dataAccess.ledgerReaderRoleArns', env.dataAccess?.ledgerReaderRoleArns],
    ['auditorRoleArns', env.auditorRoleArns],
  ];
  const roleArns: [string, unknown][] = roleFields.flatMap(([field, list]) =>
    Array.isArray(list) ? list.map((arn, i): [string, unknown] => [`${field}[${i}]`, arn]) : [],
  );
  if (env.ledgerWriterRoleArn !== undefined) roleArns.push(['ledgerWriterRoleArn', env.ledgerWriterRoleArn]);
  for (const [field, arn] of roleArns) {
    const account = roleAccount(arn);
    if (account === undefined || accounts.length === 0) continue;
    c.check(
      accounts.includes(account),
      field,
      arn,
      `must be a role in one of the environment's allowedAccountIds (${accounts.join(', ')}), not account ${account}`,
    );
  }

  const v: Unvalidated<EnvironmentConfig['verifier']> = env.verifier ?? {};
  c.percentage('verifier.faceConfidenceThreshold', v.faceConfidenceThreshold);
  c.percentage('verifier.similarityThreshold', v.similarityThreshold);
  c.boolean('verifier.allowDetectionOnlyWithoutReference', v.allowDetectionOnlyWithoutReference);
  c.integer('verifier.reservedConcurrency', v.reservedConcurrency, 1, 1000);
  c.integer('verifier.rekognitionTpsQuota', v.rekognitionTpsQuota, 1, 100_000);
  // Lambda's ScalingConfig.MaximumConcurrency: 2 to 1000.
  // https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html
  c.integer('verifier.maxConcurrency', v.maxConcurrency, 2, 1000);
  c.integer('verifier.batchSize', v.batchSize, 1, 10);
  // Fewer receives risk moving messages to the failure queue because of throttling.
  // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
  c.integer('verifier.maxReceiveCount', v.maxReceiveCount, 5, 1000);
  c.check(
    !(num(v.maxConcurrency) > num(v.reservedConcurrency)),
    'verifier.reservedConcurrency',
    v.reservedConcurrency,
    `must be at least verifier.maxConcurrency (${show(v.maxConcurrency)}): the intake queue's event source does not count reserved concurrency, and throttled invocations make SQS hand messages out again`,
  );
  const batchSeconds =
    (num(v.batchSize) * DETECT_FACES_PER_UPLOAD * num(v.maxConcurrency)) / num(v.rekognitionTpsQuota);
  c.check(
    !(batchSeconds > VERIFIER_BATCH_BUDGET_SECONDS),
    'verifier.batchSize',
    v.batchSize,
    `a batch must fit in ${VERIFIER_BATCH_BUDGET_SECONDS} s of the function's time: each instance calls DetectFaces at rekognitionTpsQuota / maxConcurrency per second, up to ${DETECT_FACES_PER_UPLOAD} calls per upload, so batchSize × ${DETECT_FACES_PER_UPLOAD} × maxConcurrency / rekognitionTpsQuota = ${Number.isFinite(batchSeconds) ? batchSeconds.toFixed(1) : '?'} s; lower batchSize or maxConcurrency`,
  );
  c.integer('verifier.maxAsyncRetries', v.maxAsyncRetries, 0, 2);
  c.integer('verifier.unauthorizedAlarmThreshold', v.unauthorizedAlarmThreshold, 1, 1_000_000);
  c.check(
    v.codeSigning === 'Enforce' || v.codeSigning === 'Warn',
    'verifier.codeSigning',
    v.codeSigning,
    'must be "Enforce" or "Warn"',
  );

  const a: Unvalidated<EnvironmentConfig['audit']> = env.audit ?? {};
  c.integer('audit.trailRetentionDays', a.trailRetentionDays, 1, 36500);
  c.integer('audit.transitionToColdDays', a.transitionToColdDays, 1, 36500);
  c.check(
    !(num(a.transitionToColdDays) >= num(a.trailRetentionDays)),
    'audit.transitionToColdDays',
    a.transitionToColdDays,
    'must be less than audit.trailRetentionDays',
  );
  c.check(
    a.objectLockMode === 'GOVERNANCE' || a.objectLockMode === 'COMPLIANCE',
    'audit.objectLockMode',
    a.objectLockMode,
    'must be "GOVERNANCE" or "COMPLIANCE"',
  );
  c.integer('audit.objectLockDays', a.objectLockDays, 1, 36500);
  c.check(
    !(num(a.objectLockDays) > num(a.trailRetentionDays)),
    'audit.objectLockDays',
    a.objectLockDays,
    'must not exceed audit.trailRetentionDays (locked objects cannot expire)',
  );

  const li: Unvalidated<EnvironmentConfig['ledgerIntegrity']> = env.ledgerIntegrity ?? {};
  c.check(
    typeof li.digestIntervalMinutes === 'number' &&
      Number.isInteger(li.digestIntervalMinutes) &&
      li.digestIntervalMinutes >= 1 &&
      li.digestIntervalMinutes <= 15 &&
      60 % li.digestIntervalMinutes === 0,
    'ledgerIntegrity.digestIntervalMinutes',
    li.digestIntervalMinutes,
    'must be at most 15 and divide an hour: 1, 2, 3, 4, 5, 6, 10, 12 or 15',
  );
  c.integer('ledgerIntegrity.settleSeconds', li.settleSeconds, 60, 3600);
  c.check(
    li.objectLockMode === 'GOVERNANCE' || li.objectLockMode === 'COMPLIANCE',
    'ledgerIntegrity.objectLockMode',
    li.objectLockMode,
    'must be "GOVERNANCE" or "COMPLIANCE"',
  );
  c.integer('ledgerIntegrity.objectLockDays', li.objectLockDays, 1, 36500);
  c.integer('ledgerIntegrity.digestMemoryMb', li.digestMemoryMb, 512, 10_240);

  const t: Unvalidated<EnvironmentConfig['threatDetection']> = env.threatDetection ?? {};
  if (t.existingDetectorId !== undefined)
    c.matches(
      'threatDetection.existingDetectorId',
      t.existingDetectorId,
      DETECTOR_ID,
      'a 32-character GuardDuty detector id',
    );
  c.check(
    typeof t.findingSeverityThreshold === 'number' &&
      t.findingSeverityThreshold >= 0 &&
      t.findingSeverityThreshold <= 10,
    'threatDetection.findingSeverityThreshold',
    t.findingSeverityThreshold,
    'must be a number from 0 to 10',
  );

  if (env.name === 'prod') {
    c.check(
      num(env.logRetentionDays) >= 365,
      'logRetentionDays',
      env.logRetentionDays,
      'must be at least 365 in prod (audit retention)',
    );
    c.check(
      num(a.trailRetentionDays) >= 365,
      'audit.trailRetentionDays',
      a.trailRetentionDays,
      'must be at least 365 in prod',
    );
    c.check(env.deletionProtection === true, 'deletionProtection', env.deletionProtection, 'must be true in prod');
    c.check(
      a.objectLockMode === 'COMPLIANCE',
      'audit.objectLockMode',
      a.objectLockMode,
      'must be "COMPLIANCE" in prod (GOVERNANCE lets a privileged principal delete locked trail logs)',
    );
    c.check(
      li.objectLockMode === 'COMPLIANCE',
      'ledgerIntegrity.objectLockMode',
      li.objectLockMode,
      'must be "COMPLIANCE" in prod (GOVERNANCE lets break-glass delete locked ledger digests)',
    );
    c.check(
      num(li.objectLockDays) >= 365,
      'ledgerIntegrity.objectLockDays',
      li.objectLockDays,
      'must be at least 365 in prod',
    );
  }
  if (env.name !== 'dev') {
    c.check(
      v.allowDetectionOnlyWithoutReference === false,
      'verifier.allowDetectionOnlyWithoutReference',
      v.allowDetectionOnlyWithoutReference,
      'must be false outside dev',
    );
    c.check(
      v.codeSigning === 'Enforce',
      'verifier.codeSigning',
      v.codeSigning,
      'must be "Enforce" outside dev: Lambda must refuse packages the signing profile did not sign',
    );
  }
  return c.problems;
}

/** Validates one environment; throws a `ConfigValidationError` listing every problem. */
export function validateEnvironment(key: string, env: EnvironmentConfig): EnvironmentConfig {
  const problems = environmentProblems(key, env);
  if (problems.length > 0) throw new ConfigValidationError(`environment "${key}"`, problems);
  return env;
}
