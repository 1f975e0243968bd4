import {
  checkedFace,
  decide,
  intersectionOverUnion,
  mayAnalyze,
  objectPrechecks,
  referenceOutcome,
  similarityOfCheckedFace,
  usableFaces,
  type FaceSummary,
  type PolicyInput,
  type PolicySettings,
  type Reason,
} from '../../lambda-src/verifier/policy';

const settings: PolicySettings = {
  faceConfidenceThreshold: 90,
  similarityThreshold: 95,
  allowDetectionOnlyWithoutReference: false,
  maxAbsYawDegrees: 45,
  maxAbsPitchDegrees: 30,
  minBrightness: 20,
  minSharpness: 20,
  maxImageBytes: 15 * 1024 * 1024,
};

const goodObject = { found: true, sizeBytes: 200_000, encryptedWithVaultKey: true, format: 'jpeg' } as const;
const face = (over: Partial<FaceSummary> = {}): FaceSummary => ({
  confidence: 99.9,
  yaw: 5,
  pitch: -3,
  brightness: 80,
  sharpness: 70,
  box: { left: 0.33, top: 0.15, width: 0.21, height: 0.39 },
  ...over,
});
const oneFace = { kind: 'faces', faces: [face()] } as const;
const usableReference = { kind: 'usable' } as const;
const match = (similarity: number | undefined) =>
  ({ reference: usableReference, comparison: { kind: 'compared', similarity } }) as const;
const faces = (...list: FaceSummary[]) => ({ kind: 'faces', faces: list }) as const;

type Row = [string, PolicyInput, Partial<PolicySettings>, readonly Reason[]];

// Each row: a name, what was observed, settings overrides, and the expected reasons ([] = AUTHORIZED).
const table: Row[] = [
  // Bounds are inclusive: exactly at a limit passes, and each missing value fails closed on its own.
  ...(
    [
      ['yaw exactly 45 degrees', { yaw: 45 }, []],
      ['yaw exactly -45 degrees', { yaw: -45 }, []],
      ['pitch exactly 30 degrees', { pitch: 30 }, []],
      ['pitch exactly -30 degrees', { pitch: -30 }, []],
      ['pitch just below -30 degrees', { pitch: -30.5 }, ['POSE_OUT_OF_BOUNDS']],
      ['yaw just beyond 45 degrees', { yaw: 45.5 }, ['POSE_OUT_OF_BOUNDS']],
      ['pitch missing', { pitch: undefined }, ['POSE_OUT_OF_BOUNDS']],
      ['brightness exactly at its minimum', { brightness: 20 }, []],
      ['sharpness exactly at its minimum', { sharpness: 20 }, []],
      ['brightness just under its minimum', { brightness: 19.9 }, ['LOW_QUALITY']],
      ['sharpness just under its minimum', { sharpness: 19.9 }, ['LOW_QUALITY']],
      ['brightness missing', { brightness: undefined }, ['LOW_QUALITY']],
      ['sharpness missing', { sharpness: undefined }, ['LOW_QUALITY']],
    ] as const
  ).map(([name, over, reasons]): Row => [
    name,
    { object: goodObject, detection: { kind: 'faces', faces: [face(over)] }, ...match(99) },
    {},
    reasons,
  ]),
  [
    'one confident, well-posed face matching its reference',
    { object: goodObject, detection: oneFace, ...match(99.2) },
    {},
    [],
  ],
  ['similarity exactly at the threshold', { object: goodObject, detection: oneFace, ...match(95) }, {}, []],
  [
    'similarity just below the threshold',
    { object: goodObject, detection: oneFace, ...match(94.99) },
    {},
    ['NO_MATCH'],
  ],
  [
    'CompareFaces matched no face, or none at the checked face',
    { object: goodObject, detection: oneFace, ...match(undefined) },
    {},
    ['NO_MATCH'],
  ],
  [
    'confidence exactly at the threshold',
    { object: goodObject, detection: { kind: 'faces', faces: [face({ confidence: 90 })] }, ...match(99) },
    {},
    [],
  ],
  [
    'the only face below the confidence threshold',
    { object: goodObject, detection: { kind: 'faces', faces: [face({ confidence: 89.9 })] }, ...match(99) },
    {},
    ['LOW_CONFIDENCE'],
  ],
  [
    'a spurious low-confidence detection beside a genuine face does not refuse it',
    { object: goodObject, detection: faces(face(), face({ confidence: 41.2, yaw: 70 })), ...match(99) },
    {},
    [],
  ],
  [
    'two faces at the threshold are several faces',
    { object: goodObject, detection: faces(face({ confidence: 90 }), face({ confidence: 90 })), ...match(99) },
    {},
    ['MULTIPLE_FACES'],
  ],
  [
    'several low-confidence detections and no usable face',
    { object: goodObject, detection: faces(face({ confidence: 60 }), face({ confidence: 55 })) },
    {},
    ['LOW_CONFIDENCE'],
  ],
  [
    'confidence missing fails closed',
    {
      object: goodObject,
      detection: { kind: 'faces', faces: [face({ confidence: undefined })] },
      ...match(99),
    },
    {},
    ['LOW_CONFIDENCE'],
  ],
  ['no face', { object: goodObject, detection: { kind: 'faces', faces: [] } }, {}, ['NO_FACE']],
  [
    'several faces',
    { object: goodObject, detection: { kind: 'faces', faces: [face(), face()] } },
    {},
    ['MULTIPLE_FACES'],
  ],
  [
    'yaw beyond 45 degrees',
    { object: goodObject, detection: { kind: 'faces', faces: [face({ yaw: -46 })] }, ...match(99) },
    {},
    ['POSE_OUT_OF_BOUNDS'],
  ],
  [
    'pitch beyond 30 degrees',
    { object: goodObject, detection: { kind: 'faces', faces: [face({ pitch: 31 })] }, ...match(99) },
    {},
    ['POSE_OUT_OF_BOUNDS'],
  ],
  [
    'pose missing fails closed',
    { object: goodObject, detection: { kind: 'faces', faces: [face({ yaw: undefined })] }, ...match(99) },
    {},
    ['POSE_OUT_OF_BOUNDS'],
  ],
  [
    'too dark',
    { object: goodObject, detection: { kind: 'faces', faces: [face({ brightness: 5 })] }, ...match(99) },
    {},
    ['LOW_QUALITY'],
  ],
  [
    'too blurred',
    { object: goodObject, detection: { kind: 'faces', faces: [face({ sharpness: 3 })] }, ...match(99) },
    {},
    ['LOW_QUALITY'],
  ],
  [
    'pose and quality fail together; the reference is not consulted',
    {
      object: goodObject,
      detection: { kind: 'faces', faces: [face({ yaw: 80, sharpness: 1 })] },
      ...match(10),
    },
    {},
    ['POSE_OUT_OF_BOUNDS', 'LOW_QUALITY'],
  ],
  [
    'no reference, detection-only off',
    { object: goodObject, detection: oneFace, reference: { kind: 'none' } },
    {},
    ['NO_REFERENCE'],
  ],
  ['reference outcome missing means no reference', { object: goodObject, detection: oneFace }, {}, ['NO_REFERENCE']],
  [
    'no reference, detection-only on (dev)',
    { object: goodObject, detection: oneFace, reference: { kind: 'none' } },
    { allowDetectionOnlyWithoutReference: true },
    [],
  ],
  [
    'detection-only on never excuses a failed match',
    { object: goodObject, detection: oneFace, ...match(50) },
    { allowDetectionOnlyWithoutReference: true },
    ['NO_MATCH'],
  ],
  [
    'reference without a usable face',
    { object: goodObject, detection: oneFace, reference: { kind: 'unusable', why: 'no-usable-face' } },
    {},
    ['REFERENCE_UNUSABLE'],
  ],
  [
    'reference with several usable faces',
    { object: goodObject, detection: oneFace, reference: { kind: 'unusable', why: 'several-usable-faces' } },
    { allowDetectionOnlyWithoutReference: true },
    ['REFERENCE_UNUSABLE'],
  ],
  [
    'usable reference but no comparison fails closed',
    { object: goodObject, detection: oneFace, reference: usableReference },
    {},
    ['NO_MATCH'],
  ],
  ['detection missing fails closed', { object: goodObject }, {}, ['NO_FACE']],
  [
    'Rekognition: invalid image format',
    { object: goodObject, detection: { kind: 'rejected', rejection: 'InvalidImageFormatException' } },
    {},
    ['REKOGNITION_INVALID_IMAGE_FORMAT'],
  ],
  [
    'Rekognition: image too large',
    { object: goodObject, detection: { kind: 'rejected', rejection: 'ImageTooLargeException' } },
    {},
    ['REKOGNITION_IMAGE_TOO_LARGE'],
  ],
  [
    'object gone',
    { object: { ...goodObject, found: false }, detection: oneFace, ...match(99) },
    {},
    ['OBJECT_NOT_FOUND'],
  ],
  ['over 15 MB', { object: { ...goodObject, sizeBytes: 15 * 1024 * 1024 + 1, format: 'unread' } }, {}, ['TOO_LARGE']],
  [
    'exactly 15 MB is allowed',
    { object: { ...goodObject, sizeBytes: 15 * 1024 * 1024 }, detection: oneFace, ...match(99) },
    {},
    [],
  ],
  [
    'not encrypted with the vault key',
    { object: { ...goodObject, encryptedWithVaultKey: false, format: 'unread' } },
    {},
    ['NOT_ENCRYPTED_WITH_VAULT_KEY'],
  ],
  [
    'too large and not under the vault key',
    { object: { ...goodObject, sizeBytes: 20e6, encryptedWithVaultKey: false, format: 'unread' } },
    {},
    ['TOO_LARGE', 'NOT_ENCRYPTED_WITH_VAULT_KEY'],
  ],
  ['bytes are neither JPEG nor PNG', { object: { ...goodObject, format: 'unknown' } }, {}, ['NOT_AN_IMAGE']],
  [
    'a face result cannot rescue a non-image',
    { object: { ...goodObject, format: 'unknown' }, detection: oneFace, ...match(99) },
    {},
    ['NOT_AN_IMAGE'],
  ],
  [
    'encryption failure wins over an AUTHORIZED-looking analysis',
    { object: { ...goodObject, encryptedWithVaultKey: false }, detection: oneFace, ...match(99) },
    {},
    ['NOT_ENCRYPTED_WITH_VAULT_KEY'],
  ],
  ['PNG is an image', { object: { ...goodObject, format: 'png' }, detection: oneFace, ...match(99) }, {}, []],
  [
    'a refused key wins over an AUTHORIZED-looking analysis',
    { keyReasons: ['INVALID_KEY'], object: goodObject, detection: oneFace, ...match(99) },
    {},
    ['INVALID_KEY'],
  ],
  [
    'a refused key is never called NOT_AN_IMAGE (its bytes are not read)',
    { keyReasons: ['NOT_AN_IMAGE_SUFFIX'], object: { ...goodObject, format: 'unread' } },
    {},
    ['NOT_AN_IMAGE_SUFFIX'],
  ],
  [
    "a refused key keeps the object's pre-check reasons, in order",
    {
      keyReasons: ['NOT_AN_IMAGE_SUFFIX', 'INVALID_KEY'],
      object: { ...goodObject, encryptedWithVaultKey: false, format: 'unread' },
    },
    {},
    ['INVALID_KEY', 'NOT_AN_IMAGE_SUFFIX', 'NOT_ENCRYPTED_WITH_VAULT_KEY'],
  ],
  [
    'a refused key whose object is gone',
    { keyReasons: ['INVALID_KEY'], object: { ...goodObject, found: false, format: 'unread' } },
    {},
    ['INVALID_KEY', 'OBJECT_NOT_FOUND'],
  ],
  [
    'an empty key-reason list changes nothing',
    { keyReasons: [], object: goodObject, detection: oneFace, ...match(99) },
    {},
    [],
  ],
];

describe('decision policy', () => {
  it.each(table)('%s', (_name, input, overrides, expected) => {
    // Prepare
    const s = { ...settings, ...overrides };
    // Act
    const result = decide(input, s);
    // Assess
    expect(result.reasons).toEqual(expected);
    expect(result.decision).toBe(expected.length === 0 ? 'AUTHORIZED' : 'UNAUTHORIZED');
  });

  it('is pure: same input, same output, input untouched', () => {
    const input: PolicyInput = {
      object: goodObject,
      detection: { kind: 'faces', faces: [face()] },
      ...match(96),
    };
    const copy = JSON.parse(JSON.stringify(input)) as PolicyInput;
    expect(decide(input, settings)).toEqual(decide(input, settings));
    expect(input).toEqual(copy);
  });

  it('counts faces at or above the confidence threshold only', () => {
    const list = [face({ confidence: 90 }), face({ confidence: 89.99 }), face({ confidence: undefined })];
    expect(usableFaces(list, settings)).toEqual([face({ confidence: 90 })]);
  });

  it('checks one face only: the single usable one, within pose and quality bounds', () => {
    expect(checkedFace(faces(face(), face({ confidence: 12 })), settings)).toEqual(face());
    expect(checkedFace(faces(face(), face()), settings)).toBeUndefined();
    expect(checkedFace(faces(face({ pitch: 40 })), settings)).toBeUndefined();
    expect(checkedFace(faces(face({ brightness: 19.9 })), settings)).toBeUndefined();
    expect(checkedFace({ kind: 'rejected', rejection: 'ImageTooLargeException' }, settings)).toBeUndefined();
    expect(checkedFace(undefined, settings)).toBeUndefined();
  });

  it.each([
    ['exactly one usable face', [face(), face({ confidence: 30 })], { kind: 'usable' }],
    ['no face', [], { kind: 'unusable', why: 'no-usable-face' }],
    ['only a low-confidence face', [face({ confidence: 80 })], { kind: 'unusable', why: 'no-usable-face' }],
    ['two usable faces', [face(), face()], { kind: 'unusable', why: 'several-usable-faces' }],
    ['one face turned away', [face({ yaw: 60 })], { kind: 'unusable', why: 'face-out-of-bounds' }],
    ['one blurred face', [face({ sharpness: 2 })], { kind: 'unusable', why: 'face-out-of-bounds' }],
  ] as const)('a reference with %s', (_name, list, expected) => {
    expect(referenceOutcome(list, settings)).toEqual(expected);
  });

  it('measures box overlap as intersection over union', () => {
    const a = { left: 0, top: 0, width: 0.5, height: 0.5 };
    expect(intersectionOverUnion(a, a)).toBe(1);
    expect(intersectionOverUnion(a, { left: 0.5, top: 0, width: 0.5, height: 0.5 })).toBe(0);
    // Half of a overlaps half of b: intersection 0.125, union 0.375.
    expect(intersectionOverUnion(a, { left: 0.25, top: 0, width: 0.5, height: 0.5 })).toBeCloseTo(1 / 3, 10);
  });

  it("takes the similarity of the match at the checked face's box, never of another face", () => {
    const checked = { left: 0.33, top: 0.15, width: 0.21, height: 0.39 };
    const elsewhere = { left: 0.7, top: 0.6, width: 0.1, height: 0.2 };
    const nearby = { left: 0.34, top: 0.16, width: 0.2, height: 0.38 };
    // A better match on another face of the image does not count.
    expect(
      similarityOfCheckedFace(checked, [
        { similarity: 99.9, box: elsewhere },
        { similarity: 42.5, box: nearby },
      ]),
    ).toBe(42.5);
    expect(similarityOfCheckedFace(checked, [{ similarity: 99.9, box: elsewhere }])).toBeUndefined();
    // Overlap below one half is another face.
    expect(
      similarityOfCheckedFace(checked, [{ similarity: 99, box: { left: 0.48, top: 0.15, width: 0.21, height: 0.39 } }]),
    ).toBeUndefined();
    expect(similarityOfCheckedFace(undefined, [{ similarity: 99, box: checked }])).toBeUndefined();
    expect(similarityOfCheckedFace(checked, [{ similarity: undefined, box: checked }])).toBeUndefined();
  });

  it('pre-checks gate reading and analysis', () => {
    expect(objectPrechecks({ found: true, sizeBytes: 1, encryptedWithVaultKey: true }, settings)).toEqual([]);
    expect(objectPrechecks({ found: false, sizeBytes: 1e9, encryptedWithVaultKey: false }, settings)).toEqual([
      'OBJECT_NOT_FOUND',
    ]);
    expect(mayAnalyze({ ...goodObject, format: 'unknown' }, settings)).toBe(false);
    expect(mayAnalyze({ ...goodObject, format: 'unread' }, settings)).toBe(false);
    expect(mayAnalyze(goodObject, settings)).toBe(true);
    expect(mayAnalyze({ ...goodObject, format: 'png' }, settings)).toBe(true);
    // A JPEG or PNG that failed a pre-check is not analysed either.
    expect(mayAnalyze({ ...goodObject, encryptedWithVaultKey: false }, settings)).toBe(false);
    expect(mayAnalyze({ ...goodObject, format: 'png', sizeBytes: settings.maxImageBytes + 1 }, settings)).toBe(false);
    expect(mayAnalyze({ ...goodObject, found: false }, settings)).toBe(false);
  });
});
