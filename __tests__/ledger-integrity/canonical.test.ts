/**
 * Canonical hashing of ledger records: golden vectors written literally (canonical text and SHA-256
 * computed independently of this code), number normalization as DynamoDB returns numbers, attribute order,
 * every DynamoDB attribute type, and Unicode names and values.
 */
import fc from 'fast-check';
import {
  CanonicalFormError,
  canonicalItem,
  canonicalJson,
  canonicalKey,
  compareCodePoints,
  displayKey,
  itemHash,
  normalizeNumber,
} from '../../lambda-src/ledger-integrity/canonical';

describe('normalizeNumber: the text DynamoDB returns for a number', () => {
  test.each([
    ['00042', '42'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['1.5E2', '150'],
    ['1.0', '1'],
    ['1e-7', '0.0000001'],
    ['123.4500', '123.45'],
    ['1E+50', '100000000000000000000000000000000000000000000000000'],
    ['1E+21', '1000000000000000000000'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['+7', '7'],
    ['-12.50e1', '-125'],
    ['99.87', '99.87'],
    ['0.001e3', '1'],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeNumber(input)).toBe(expected);
  });

  test.each([
    ['1E126', 'out of DynamoDB'],
    ['1E-131', 'out of DynamoDB'],
    ['123456789012345678901234567890123456789', 'more than 38 significant digits'],
    ['abc', 'not a DynamoDB number'],
    ['', 'not a DynamoDB number'],
    ['1e', 'not a DynamoDB number'],
    ['NaN', 'not a DynamoDB number'],
    ['Infinity', 'not a DynamoDB number'],
    [' 1', 'not a DynamoDB number'],
    ['1e9999999', 'out of DynamoDB'],
  ])('%j is refused (%s)', (input, message) => {
    expect(() => normalizeNumber(input)).toThrow(CanonicalFormError);
    expect(() => normalizeNumber(input)).toThrow(message);
  });

  test('property: every way of writing a value normalizes to the same text, which is its own normal form', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        (mantissa, exponent, leadingZeros, trailingZeros) => {
          const digits = (mantissa < 0n ? -mantissa : mantissa).toString();
          const sign = mantissa < 0n ? '-' : '';
          const a = normalizeNumber(`${sign}${digits}E${exponent}`);
          const b = normalizeNumber(
            `${sign}${'0'.repeat(leadingZeros)}${digits}${'0'.repeat(trailingZeros)}E${exponent - trailingZeros}`,
          );
          expect(b).toBe(a);
          expect(normalizeNumber(a)).toBe(a);
          expect(a).toMatch(/^(0|-?[1-9]\d*(\.\d*[1-9])?|-?0\.\d*[1-9])$/);
        },
      ),
    );
  });
});

describe('canonicalItem and itemHash: golden vectors', () => {
  // A version-1 ledger record with Unicode in a value and in attribute names, numbers as a writer may send
  // them (exponents, trailing zeros, -0), and its attributes in no particular order.
  const record = {
    '😀': { S: 'emoji' },
    similarity: { N: '-0' },
    reasons: { L: [{ S: 'NO_FACE' }, { S: 'LOW_QUALITY' }] },
    faceConfidence: { N: '99.50' },
    ключ: { S: 'значение' },
    pk: { S: 'UPLOAD#vault/uploads/zoë-😀/a.jpg#v1' },
    detectionOnlyAllowed: { BOOL: false },
    tiny: { N: '1e-7' },
    '！': { S: 'fullwidth' },
    sizeBytes: { N: '1.5E2' },
    big: { N: '1E+21' },
    schemaVersion: { N: '1' },
  };
  const RECORD_CANONICAL =
    '{"big":{"N":"1000000000000000000000"},"detectionOnlyAllowed":{"BOOL":false},"faceConfidence":{"N":"99.5"},' +
    '"pk":{"S":"UPLOAD#vault/uploads/zoë-😀/a.jpg#v1"},"reasons":{"L":[{"S":"NO_FACE"},{"S":"LOW_QUALITY"}]},' +
    '"schemaVersion":{"N":"1"},"similarity":{"N":"0"},"sizeBytes":{"N":"150"},"tiny":{"N":"0.0000001"},' +
    '"ключ":{"S":"значение"},"！":{"S":"fullwidth"},"😀":{"S":"emoji"}}';
  const RECORD_SHA256 = '872a0bd9ab6a74f68a786a4d4ee12b1ff481936aead463046a314fbe94deaa86';

  // Every other attribute type: binary, sets of strings, numbers and binaries, NULL and a nested map.
  const other = {
    set: { SS: ['b', 'a', '😀', '！'] },
    pk: { S: 'ERASURE#subject-1' },
    nums: { NS: ['10', '2', '-1.50', '0.0'] },
    bins: { BS: ['/w==', 'AA=='] },
    nothing: { NULL: true },
    map: { M: { z: { N: '007' }, a: { BOOL: true } } },
    bin: { B: 'AAEC/w==' },
  };
  const OTHER_CANONICAL =
    '{"bin":{"B":"AAEC/w=="},"bins":{"BS":["AA==","/w=="]},"map":{"M":{"a":{"BOOL":true},"z":{"N":"7"}}},' +
    '"nothing":{"NULL":true},"nums":{"NS":["-1.5","0","10","2"]},"pk":{"S":"ERASURE#subject-1"},' +
    '"set":{"SS":["a","b","！","😀"]}}';
  const OTHER_SHA256 = 'e79112a229f870a0ed8e49c890b6be097d5ba9883239a44f1b786bf865bf5f6b';

  test('a ledger record: names in code point order, numbers normalized, Unicode kept as is', () => {
    expect(canonicalItem(record)).toBe(RECORD_CANONICAL);
    expect(itemHash(record)).toBe(RECORD_SHA256);
  });

  test('every other DynamoDB type: B, SS, NS, BS, NULL, M', () => {
    expect(canonicalItem(other)).toBe(OTHER_CANONICAL);
    expect(itemHash(other)).toBe(OTHER_SHA256);
  });

  test('binary values hash the same whether the SDK gives bytes or JSON gives base64', () => {
    const sdk = {
      ...other,
      bin: { B: new Uint8Array([0, 1, 2, 255]) },
      bins: { BS: [new Uint8Array([255]), new Uint8Array([0])] },
    };
    expect(itemHash(sdk)).toBe(OTHER_SHA256);
  });

  test('property: attribute order does not change the hash; any value change does', () => {
    const value = fc.oneof(
      fc.string().map((S) => ({ S })),
      fc.integer().map((n) => ({ N: String(n) })),
      fc.boolean().map((BOOL) => ({ BOOL })),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), value, { minKeys: 1 }), fc.string(), (item, extra) => {
        const reversed = Object.fromEntries(Object.entries(item).reverse());
        expect(itemHash(reversed)).toBe(itemHash(item));
        const [name] = Object.keys(item);
        const changed = { ...item, [name as string]: { S: `${extra}#changed` } };
        if (canonicalItem({ v: item[name as string] }) !== canonicalItem({ v: { S: `${extra}#changed` } }))
          expect(itemHash(changed)).not.toBe(itemHash(item));
      }),
    );
  });

  test.each([
    [{ a: { S: 1 } }, 'a: S must be a string'],
    [{ a: { S: 'x', N: '1' } }, 'a: must have exactly one DynamoDB type (received S, N)'],
    [{ a: { X: 'x' } }, 'a: must have exactly one DynamoDB type (received X)'],
    [{ a: { B: 'not base64!' } }, 'a: binary value is not base64'],
    [{ a: { NULL: false } }, 'a: NULL must be true'],
    [{ a: { M: { b: { N: '1E200' } } } }, 'out of DynamoDB'],
    [{ a: { SS: [1] } }, 'a: set must be a list of strings'],
    [{ a: 'plain' }, 'a: not a DynamoDB attribute value'],
  ])('malformed %j is refused: %s', (item, message) => {
    expect(() => canonicalItem(item)).toThrow(message);
  });
});

describe('keys and plain canonical JSON', () => {
  test('canonicalKey names the key attributes; displayKey shows them to a reader', () => {
    const key = canonicalKey({ pk: { S: 'UPLOAD#b/uploads/s/x.jpg#v1' }, other: { N: '1' } }, ['pk']);
    expect(key).toBe('{"pk":{"S":"UPLOAD#b/uploads/s/x.jpg#v1"}}');
    expect(displayKey(key)).toBe('pk=UPLOAD#b/uploads/s/x.jpg#v1');
    expect(displayKey('{"k":{"B":"AA=="}}')).toBe('k={"B":"AA=="}');
    expect(() => canonicalKey({ other: { N: '1' } }, ['pk'])).toThrow('key attribute pk is missing');
  });

  test('compareCodePoints orders by code point, where UTF-16 order differs', () => {
    expect(['😀', '！', 'b', 'a'].sort(compareCodePoints)).toEqual(['a', 'b', '！', '😀']);
    expect(['😀', '！'].sort()).toEqual(['😀', '！']);
  });

  test('canonicalJson: sorted keys, integers only', () => {
    expect(canonicalJson({ b: [1, 'x', null, true], a: { d: false, c: 'é' } })).toBe(
      '{"a":{"c":"é","d":false},"b":[1,"x",null,true]}',
    );
    expect(() => canonicalJson({ a: 1.5 })).toThrow('canonical JSON holds integers only');
  });
});
