import { ConfigError } from '../../lambda-src/verifier/errors';
import { loadSettings } from '../../lambda-src/verifier/config';

const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const minimal = { LEDGER_TABLE_NAME: 'biometric-vault-dev-ledger', VAULT_KEY_ARN: KEY };

function problemsOf(env: Record<string, string | undefined>): { variable: string; message: string }[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => ({ variable: p.variable, message: p.message }));
    throw error;
  }
  return [];
}

describe('verifier configuration', () => {
  it('runs on the two required variables, with safe defaults for everything else', () => {
    const s = loadSettings(minimal);
    expect(s).toEqual({
      ledgerTableName: 'biometric-vault-dev-ledger',
      vaultKeyArn: KEY,
      faceConfidenceThreshold: 90,
      similarityThreshold: 95,
      allowDetectionOnlyWithoutReference: false,
      // AWS's recommendation for face comparison input is yaw within 45 degrees either way and pitch
      // within 30 degrees face down; pitch is held to 30 both ways.
      maxAbsYawDegrees: 45,
      maxAbsPitchDegrees: 30,
      minBrightness: 20,
      minSharpness: 20,
      functionVersion: '$LATEST',
      rekognitionTps: 5,
      rekognitionConcurrency: 1,
    });
  });

  it('reads the Rekognition quota and how many instances share it, as whole numbers', () => {
    const s = loadSettings({ ...minimal, REKOGNITION_TPS: '50', REKOGNITION_CONCURRENCY: '25' });
    expect([s.rekognitionTps, s.rekognitionConcurrency]).toEqual([50, 25]);
    expect(problemsOf({ ...minimal, REKOGNITION_TPS: '0', REKOGNITION_CONCURRENCY: '2.5' })).toEqual([
      { variable: 'REKOGNITION_TPS', message: 'must be a whole number from 1 to 100000' },
      { variable: 'REKOGNITION_CONCURRENCY', message: 'must be a whole number from 1 to 1000' },
    ]);
  });

  it('reads the thresholds on the 0-100 scale', () => {
    const s = loadSettings({
      ...minimal,
      FACE_CONFIDENCE_THRESHOLD: '97.5',
      SIMILARITY_THRESHOLD: '99',
      ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: 'true',
      AWS_LAMBDA_FUNCTION_VERSION: '12',
    });
    expect([
      s.faceConfidenceThreshold,
      s.similarityThreshold,
      s.allowDetectionOnlyWithoutReference,
      s.functionVersion,
    ]).toEqual([97.5, 99, true, '12']);
  });

  it.each([['0.9'], ['0.95'], ['1'], ['.9']])(
    'rejects the 0-1 fraction %s with a message that says what to write',
    (value) => {
      const problems = problemsOf({ ...minimal, FACE_CONFIDENCE_THRESHOLD: value });
      expect(problems).toHaveLength(1);
      expect(problems[0]?.variable).toBe('FACE_CONFIDENCE_THRESHOLD');
      expect(problems[0]?.message).toMatch(/0-1 fraction|plain decimal/);
    },
  );

  it('names the 0-100 scale and the corrected value for a fraction', () => {
    expect(() => loadSettings({ ...minimal, SIMILARITY_THRESHOLD: '0.95' })).toThrow(
      /SIMILARITY_THRESHOLD: looks like a 0-1 fraction; thresholds use Rekognition's 0-100 scale \(write 95, not 0.95\) \(received "0.95"\)/,
    );
  });

  it.each([['0'], ['101'], ['-5'], ['ninety'], ['90%'], ['1e2']])('rejects threshold %s', (value) => {
    expect(problemsOf({ ...minimal, SIMILARITY_THRESHOLD: value }).map((p) => p.variable)).toEqual([
      'SIMILARITY_THRESHOLD',
    ]);
  });

  it('collects every problem before failing', () => {
    const problems = problemsOf({
      VAULT_KEY_ARN: 'alias/biometric-vault-dev',
      FACE_CONFIDENCE_THRESHOLD: '0.9',
      SIMILARITY_THRESHOLD: '250',
      ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE: 'yes',
      MAX_ABS_YAW_DEGREES: '400',
      MIN_SHARPNESS: 'sharp',
    });
    expect(problems.map((p) => p.variable)).toEqual([
      'LEDGER_TABLE_NAME',
      'VAULT_KEY_ARN',
      'FACE_CONFIDENCE_THRESHOLD',
      'SIMILARITY_THRESHOLD',
      'ALLOW_DETECTION_ONLY_WITHOUT_REFERENCE',
      'MAX_ABS_YAW_DEGREES',
      'MIN_SHARPNESS',
    ]);
  });

  it('refuses a key alias: the object reports the key ARN, an alias would never match', () => {
    expect(problemsOf({ ...minimal, VAULT_KEY_ARN: 'alias/biometric-vault-dev' })[0]?.message).toMatch(/KMS key ARN/);
  });
});
