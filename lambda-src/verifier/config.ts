import { ConfigError, type ConfigProblem } from './errors';

/**
 * Verifier settings, read once per container from environment variables and validated before the
 * first record is handled. Every problem is collected before failing; each message names the
 * variable and the value received.
 *
 * Required: `LEDGER_TABLE_NAME`, `VAULT_KEY_ARN`. Everything else has a safe default (see `docs/verifier.md`).
 */
export interface VerifierSettings {
  readonly ledgerTableName: string;
  /** ARN of the vault's customer-managed key; an upload not encrypted under exactly this key is refused. */
  readonly vaultKeyArn: string;
  /** Minimum DetectFaces confidence, 0-100 (Rekognition's scale). */
  readonly faceConfidenceThreshold: number;
  /** Minimum CompareFaces similarity, 0-100. */
  readonly similarityThreshold: number;
  /** Whether a subject with no reference image can be AUTHORIZED on detection alone. Default false. */
  readonly allowDetectionOnlyWithoutReference: boolean;
  /** Largest |yaw| accepted, degrees. */
  readonly maxAbsYawDegrees: number;
  /** Largest |pitch| accepted, degrees. */
  readonly maxAbsPitchDegrees: number;
  /** Smallest face brightness accepted, 0-100. */
  readonly minBrightness: number;
  /** Smallest face sharpness accepted, 0-100. */
  readonly minSharpness: number;
  /** Function version written in every record. */
  readonly functionVersion: string;
  /**
   * Rekognition transactions per second, per operation (DetectFaces, CompareFaces), that all of this
   * function's concurrent instances together may use: the account's quota in the region, or the share of it
   * left to the verifier.
   */
  readonly rekognitionTps: number;
  /** How many instances share `rekognitionTps` (the event source mapping's maximum concurrency). */
  readonly rekognitionConcurrency: number;
}

/** Rekognition's limit for an image passed as an S3 object: 15 MB (taken as MiB, the stricter reading is not documented). */
export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

/**
 * Rekognition's limit for an image passed as bytes (`Image.Bytes`): 5 MB, which its API model states as a
 * blob of at most 5,242,880 bytes. Uploads up to this size are sent as the very bytes that were hashed;
 * larger ones as the exact S3 object version.
 * https://docs.aws.amazon.com/rekognition/latest/dg/limits.html
 */
export const MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024;

export const DEFAULTS = {
  faceConfidenceThreshold: 90,
  similarityThreshold: 95,
  allowDetectionOnlyWithoutReference: false,
  // AWS's recommendations for facial comparison input images: yaw within 45 degrees either way,
  // pitch under 30 degrees face down (and 45 up); we apply the stricter 30 both ways. Roll is unrestricted.
  maxAbsYawDegrees: 45,
  maxAbsPitchDegrees: 30,
  minBrightness: 20,
  minSharpness: 20,
  rekognitionTps: 5,
  rekognitionConcurrency: 1,
} as const;

const KEY_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]{1,128}$/;
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const DECIMAL = /^\d{1,3}(\.\d+)?$/;

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  public readonly problems: ConfigProblem[] = [];
  public constructor(private readonly env: Env) {}

  public raw(variable: string): string | undefined {
    const value = this.env[variable];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  public required(variable: string, pattern: RegExp, what: string): string {
    const value = this.raw(variable);
    if (value === undefined) {
      this.problems.push({ variable, value: this.env[variable], message: `is required: ${what}` });
      return '';
    }
    if (!pattern.test(value)) this.problems.push({ variable, value, message: `must be ${what}` });
    return value;
  }

  /**
   * A score on Rekognition's 0-100 scale. Refuses 0-1 fractions: a published sample passes 0.9,
   * which on a 0-100 scale accepts every face. Refuses 0 too: a threshold of 0 filters nothing.
   */
  public score(variable: string, fallback: number): number {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    if (!DECIMAL.test(value)) {
      this.problems.push({ variable, value, message: 'must be a plain decimal number from 1 to 100' });
      return fallback;
    }
    const n = Number(value);
    if (n > 0 && n <= 1) {
      this.problems.push({
        variable,
        value,
        message: `looks like a 0-1 fraction; thresholds use Rekognition's 0-100 scale (write ${Math.round(n * 100)}, not ${value})`,
      });
    } else if (n <= 1 || n > 100) {
      this.problems.push({ variable, value, message: 'must be a number greater than 1 and at most 100' });
    }
    return n;
  }

  public degrees(variable: string, fallback: number): number {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!DECIMAL.test(value) || n > 180) {
      this.problems.push({ variable, value, message: 'must be a number of degrees from 0 to 180' });
    }
    return n;
  }

  public percent(variable: string, fallback: number): number {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!DECIMAL.test(value) || n > 100) {
      this.problems.push({ variable, value, message: 'must be a number from 0 to 100' });
    }
    return n;
  }

  /** A positive whole number up to `max`. */
  public count(variable: string, fallback: number, max: number): number {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d{1,7}$/.test(value) || n < 1 || n > max) {
      this.problems.push({ variable, value, message: `must be a whole number from 1 to ${max}` });
      return fallback;
    }
    return n;
  }

  public boolean(variable: string, fallback: boolean): boolean {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    if (value === 'true') return true;
    if (value === 'false') return false;
    this.problems.push({ variable, value, message: 'must be "true" or "false"' });
    return fallback;
  }
}

/** Reads and validates the settings; throws a `ConfigError` listing every problem. */
export function loadSettings(env: Env): VerifierSettings {
  const r = new Reader(env);
  const settings: VerifierSettings = {
    ledgerTableName: r.required(
      'LEDGER_TABLE_NAME',
      TABLE_NAME,
      'a DynamoDB table name (3-255 letters, digits, _ . -)',
    ),
    vaultKeyArn: r.required(
      'VAULT_KEY_ARN',
      KEY_ARN,
      'a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias',
    ),
    faceConfidenceThreshold: r.score('FACE_CONFIDENCE_THRESHOLD', DEFAULTS.faceConfidenceThreshold),
    similarityThreshold: r.score('SIMILARITY_THRESHOLD', DEFAULTS.similarityThreshold),
    allowDetectionOnlyWithoutReference: r.boolean(
      'ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE',
      DEFAULTS.allowDetectionOnlyWithoutReference,
    ),
    maxAbsYawDegrees: r.degrees('MAX_ABS_YAW_DEGREES', DEFAULTS.maxAbsYawDegrees),
    maxAbsPitchDegrees: r.degrees('MAX_ABS_PITCH_DEGREES', DEFAULTS.maxAbsPitchDegrees),
    minBrightness: r.percent('MIN_BRIGHTNESS', DEFAULTS.minBrightness),
    minSharpness: r.percent('MIN_SHARPNESS', DEFAULTS.minSharpness),
    functionVersion: r.raw('AWS_LAMBDA_FUNCTION_VERSION') ?? '$LATEST',
    rekognitionTps: r.count('REKOGNITION_TPS', DEFAULTS.rekognitionTps, 100_000),
    rekognitionConcurrency: r.count('REKOGNITION_CONCURRENCY', DEFAULTS.rekognitionConcurrency, 1000),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return settings;
}
