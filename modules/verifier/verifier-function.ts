import { Construct } from 'constructs';
import { AssetType, TerraformAsset, type ITerraformDependable } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';

/** The function's timeout, seconds: S3 reads of up to 15 MB, Rekognition and the SDK's retries with backoff. */
export const VERIFIER_TIMEOUT_SECONDS = 60;

/** A built, reproducible deployment package (`buildVerifierZip()`). */
export interface VerifierPackage {
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip: the function's `source_code_hash`. */
  readonly sha256Base64: string;
}

export interface VerifierFunctionProps {
  /** Function name: deterministic (`resourceNames(env).verifierFunction`), the trail selects it by name. */
  readonly functionName: string;
  /** Log group name: must be `/aws/lambda/<functionName>`, the key policy names it. */
  readonly logGroupName: string;
  readonly roleArn: string;
  readonly package: VerifierPackage;
  /** Handler setting, for example `index.handler`. */
  readonly handler: string;
  /** Customer-managed key for the environment variables and the log group. */
  readonly kmsKeyArn: string;
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
}

/**
 * A Node.js 22 function on arm64 from a reproducible zip (`source_code_hash` from the package, so an
 * unchanged function never shows in a plan), with: its own log group created first (retention from
 * config, customer-managed key), active X-Ray tracing, reserved concurrency, environment variables
 * encrypted with the customer-managed key, and asynchronous invocation with bounded retries, a bounded
 * event age and an on-failure destination.
 */
export class VerifierFunction extends Construct {
  public readonly logGroup: CloudwatchLogGroup;
  public readonly function: LambdaFunction;
  public readonly invokeConfig: LambdaFunctionEventInvokeConfig;
  public readonly asset: TerraformAsset;
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
    check(
      /^[A-Za-z0-9+/]{43}=$/.test(props.package.sha256Base64),
      'package.sha256Base64',
      props.package.sha256Base64,
      'must be a base64 SHA-256',
    );
    if (problems.length > 0) throw new Error(`VerifierFunction ${id}: invalid props:\n  - ${problems.join('\n  - ')}`);

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    // Copied into the stack's output directory under a content hash: a relative, machine-independent path.
    this.asset = new TerraformAsset(this, 'package', { path: props.package.zipPath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description: 'Biometric vault verifier: Rekognition face verification with an append-only ledger record',
      role: props.roleArn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: props.handler,
      filename: this.asset.path,
      sourceCodeHash: props.package.sha256Base64,
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
