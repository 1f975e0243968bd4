import { Construct } from 'constructs';
import { AssetType, TerraformAsset, type ITerraformDependable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { CODE_INJECTION_VARIABLES } from '../core/lambda-environment';

/** The function's timeout, seconds: S3 reads of up to 15 MB, Rekognition and the SDK's retries with backoff. */
export const VERIFIER_TIMEOUT_SECONDS = 60;

/** A built, reproducible deployment package (`buildVerifierZip()`), deployed as a local file. */
export interface VerifierPackage {
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip: the function's `source_code_hash`. */
  readonly sha256Base64: string;
}

/**
 * A package AWS Signer signed, deployed from where Signer wrote it (a new key per signing job, in a
 * versioned bucket): what a code-signing config with `Enforce` accepts.
 */
export interface SignedVerifierPackage {
  readonly s3Bucket: string;
  readonly s3Key: string;
  readonly s3ObjectVersion: string;
}

export interface VerifierFunctionProps {
  /** Function name: deterministic (`resourceNames(env).verifierFunction`), the trail selects it by name. */
  readonly functionName: string;
  /** Log group name: must be `/aws/lambda/<functionName>`, the key policy names it. */
  readonly logGroupName: string;
  readonly roleArn: string;
  /** The code: a local build (unsigned; accepted only where code signing warns) or a signed package in S3. */
  readonly package: VerifierPackage | SignedVerifierPackage;
  /** The code-signing config Lambda checks every new package against. */
  readonly codeSigningConfigArn: string;
  /** Handler setting, for example `index.handler`. */
  readonly handler: string;
  /** Customer-managed key for the environment variables and the log group. */
  readonly kmsKeyArn: string;
  /** Environment variables; none of `CODE_INJECTION_VARIABLES` (`NODE_OPTIONS`, ...). */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
  /** Reserved concurrency: bounds Rekognition spend and the blast radius. */
  readonly reservedConcurrency: number;
  /** Asynchronous retries of a direct invocation before the event goes to the on-failure destination (0-2). */
  readonly maxAsyncRetries: number;
  /** On-failure destination of asynchronous (direct) invocations (the failure queue). */
  readonly onFailureDestinationArn: string;
  /** @default 512 (MB; the CPU share scales with it) */
  readonly memorySize?: number;
  /** @default VERIFIER_TIMEOUT_SECONDS (60) */
  readonly timeoutSeconds?: number;
  /** Age after which an undelivered event goes to the failure queue. @default 21600 (6 hours, the maximum) */
  readonly maximumEventAgeSeconds?: number;
  /** Resources the function must wait for (its role's policy), so the first invocation has its permissions. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** @default 'Biometric vault verifier: Rekognition face verification with an append-only ledger record' */
  readonly description?: string;
}

/**
 * A Node.js 22 function on arm64 from a reproducible zip (`source_code_hash` from the package, so an
 * unchanged function never shows in a plan) or a signed package in S3 (by object version), under a
 * code-signing config, with: its own log group created first (retention from
 * config, customer-managed key), active X-Ray tracing, reserved concurrency, environment variables
 * encrypted with the customer-managed key, and asynchronous invocation with bounded retries, a bounded
 * event age and an on-failure destination.
 */
export class VerifierFunction extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly function: LambdaFunction;
  public readonly invokeConfig: LambdaFunctionEventInvokeConfig;
  /** The local package copied into the synthesized stack; undefined for a signed package in S3. */
  public readonly asset: TerraformAsset | undefined;
  public readonly functionArn: string;
  public readonly functionName: string;

  public constructor(scope: Construct, id: string, props: VerifierFunctionProps) {
    super(scope, id);
    const memorySize = props.memorySize ?? 512;
    const timeout = props.timeoutSeconds ?? VERIFIER_TIMEOUT_SECONDS;
    const maxAge = props.maximumEventAgeSeconds ?? 21_600;
    const problems: string[] = [];
    const check = (ok: boolean, field: string, value: unknown, message: string): void => {
      if (!ok) problems.push(`${field}: ${message} (received ${JSON.stringify(value)})`);
    };
    check(
      props.logGroupName === `/aws/lambda/${props.functionName}`,
      'logGroupName',
      props.logGroupName,
      `must be "/aws/lambda/${props.functionName}", where Lambda writes`,
    );
    check(
      Number.isInteger(props.reservedConcurrency) && props.reservedConcurrency >= 1,
      'reservedConcurrency',
      props.reservedConcurrency,
      'must be a positive integer',
    );
    check(
      Number.isInteger(props.maxAsyncRetries) && props.maxAsyncRetries >= 0 && props.maxAsyncRetries <= 2,
      'maxAsyncRetries',
      props.maxAsyncRetries,
      'must be 0, 1 or 2',
    );
    check(
      Number.isInteger(memorySize) && memorySize >= 128 && memorySize <= 10_240,
      'memorySize',
      memorySize,
      'must be an integer from 128 to 10240',
    );
    check(
      Number.isInteger(timeout) && timeout >= 1 && timeout <= 900,
      'timeoutSeconds',
      timeout,
      'must be an integer from 1 to 900',
    );
    check(
      Number.isInteger(maxAge) && maxAge >= 60 && maxAge <= 21_600,
      'maximumEventAgeSeconds',
      maxAge,
      'must be an integer from 60 to 21600',
    );
    for (const name of Object.keys(props.environment).filter((n) =>
      (CODE_INJECTION_VARIABLES as readonly string[]).includes(n),
    ))
      problems.push(
        `environment.${name}: loads or trusts code outside the signed package; set it in code, not the environment (received ${JSON.stringify(props.environment[name])})`,
      );
    const pkg = props.package;
    if ('zipPath' in pkg) {
      check(
        /^[A-Za-z0-9+/]{43}=$/.test(pkg.sha256Base64),
        'package.sha256Base64',
        pkg.sha256Base64,
        'must be a base64 SHA-256',
      );
    } else {
      check(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(pkg.s3Bucket),
        'package.s3Bucket',
        pkg.s3Bucket,
        'must be a bucket name',
      );
      check(pkg.s3Key.trim() !== '', 'package.s3Key', pkg.s3Key, 'must be an object key');
      check(
        pkg.s3ObjectVersion.trim() !== '' && pkg.s3ObjectVersion !== 'null',
        'package.s3ObjectVersion',
        pkg.s3ObjectVersion,
        'must be the version id AWS Signer wrote (the artifact bucket is versioned)',
      );
    }
    if (problems.length > 0) throw new Error(`VerifierFunction ${id}: invalid props:\n  - ${problems.join('\n  - ')}`);

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    // A local build is copied into the stack's output directory under a content hash (a relative,
    // machine-independent path); a signed package is deployed from S3, by exact object version.
    this.asset =
      'zipPath' in pkg ? new TerraformAsset(this, 'package', { path: pkg.zipPath, type: AssetType.FILE }) : undefined;
    const code =
      'zipPath' in pkg && this.asset !== undefined
        ? { filename: this.asset.path, sourceCodeHash: pkg.sha256Base64 }
        : 's3Bucket' in pkg
          ? { s3Bucket: pkg.s3Bucket, s3Key: pkg.s3Key, s3ObjectVersion: pkg.s3ObjectVersion }
          : {};
    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description:
        props.description ??
        'Biometric vault verifier: Rekognition face verification with an append-only ledger record',
      role: props.roleArn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: props.handler,
      ...code,
      codeSigningConfigArn: props.codeSigningConfigArn,
      memorySize,
      timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      kmsKeyArn: props.kmsKeyArn,
      tracingConfig: { mode: 'Active' },
      environment: { variables: { ...props.environment } },
      dependsOn: [this.logGroup, ...(props.dependsOn ?? [])],
    });
    this.functionArn = this.function.arn;
    this.functionName = this.function.functionName;
    this.invokeConfig = new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: this.function.functionName,
      maximumRetryAttempts: props.maxAsyncRetries,
      maximumEventAgeInSeconds: maxAge,
      destinationConfig: { onFailure: { destination: props.onFailureDestinationArn } },
    });
  }
}
