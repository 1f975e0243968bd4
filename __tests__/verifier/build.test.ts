import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { buildVerifierZip } from '../../scripts/build-verifier';
import { present } from '../helpers/present';

describe('verifier package build', () => {
  it('rebuilds to the same bytes (reproducible source_code_hash) and reuses the cache when nothing changed', () => {
    // Prepare
    const cachedOrBuilt = buildVerifierZip();

    // Act
    const rebuilt = buildVerifierZip({ force: true });
    const again = buildVerifierZip();

    // Assess
    expect(rebuilt.cached).toBe(false);
    expect(rebuilt.sha256Base64).toBe(cachedOrBuilt.sha256Base64);
    expect(again).toMatchObject({ cached: true, sha256Base64: rebuilt.sha256Base64 });
    expect(createHash('sha256').update(readFileSync(rebuilt.zipPath)).digest('base64')).toBe(rebuilt.sha256Base64);
  });

  it('packages an entry that turns on source maps and loads the bundle, without NODE_OPTIONS', () => {
    const build = buildVerifierZip();
    const files = unzipSync(readFileSync(build.zipPath));
    const entry = Buffer.from(present(files['index.mjs'], 'index.mjs in the zip')).toString('utf8');
    expect(entry).toBe("process.setSourceMapsEnabled(true);export const{handler}=await import('./verifier.mjs');\n");
  });

  it('packages a minified ESM bundle within 500 KB with its source map, no machine paths', () => {
    const build = buildVerifierZip();
    const files = unzipSync(readFileSync(build.zipPath));
    expect(Object.keys(files)).toEqual(['index.mjs', 'verifier.mjs', 'verifier.mjs.map']);
    const bundle = present(files['verifier.mjs'], 'verifier.mjs in the zip');
    expect(build.bundleBytes).toBe(bundle.byteLength);
    expect(build.bundleBytes).toBeLessThanOrEqual(500_000);
    const code = Buffer.from(bundle).toString('utf8');
    expect(code).toMatch(/export\{[^}]*\bhandler\b/);
    expect(code).toContain('//# sourceMappingURL=verifier.mjs.map');
    const map = JSON.parse(
      Buffer.from(present(files['verifier.mjs.map'], 'verifier.mjs.map in the zip')).toString('utf8'),
    ) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(map.sourcesContent).toBeUndefined();
    expect(map.sources.every((s) => !s.startsWith('/'))).toBe(true);
    expect(code + JSON.stringify(map)).not.toContain(process.cwd());
    // The SDK's default credential chain is replaced by the environment provider.
    expect(map.sources.some((s) => s.includes('credential-provider-ini'))).toBe(false);
    // semver is replaced by its one function; the X-Ray SDK records no object key or prefix of S3 calls.
    expect(map.sources.some((s) => s.includes('node_modules/semver/'))).toBe(false);
    expect(map.sources).toContain('../../lambda-src/verifier/semver-gte.ts');
    expect(code).not.toContain('abortMultipartUpload');
    expect(code).not.toMatch(/request_parameters:\["Key"/);
    // The schema transform let esbuild drop S3 schemas the verifier never uses.
    expect(code).not.toContain('"LifecycleRule"');
  });

  it('writes a computed schema key naming a string constant as that string, and only such keys', async () => {
    const { literalSchemaKeys } = await import('../../scripts/verifier-esbuild.mjs');
    const source = [
      'const _e = "error";',
      'const _hE = "httpError";',
      'export var X$ = [-3, n0, _e, { [_e]: _c, [_hE]: 403, [other]: 1 }];',
    ].join('\n');
    expect(literalSchemaKeys(source)).toEqual({
      contents: [
        'const _e = "error";',
        'const _hE = "httpError";',
        'export var X$ = [-3, n0, _e, { "error": _c, "httpError": 403, [other]: 1 }];',
      ].join('\n'),
      unresolved: 0,
    });
    expect(literalSchemaKeys('{ [_missing]: 1 }').unresolved).toBe(1);
  });

  it('writes fixed timestamps and permissions in sorted entries', () => {
    const zip = readFileSync(buildVerifierZip().zipPath);
    // Central directory entries: signature 0x02014b50; DOS time/date at +12/+14, external attributes at +38.
    const entries: { name: string; time: number; date: number; attrs: number }[] = [];
    for (
      let i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      i >= 0;
      i = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)
    ) {
      const nameLength = zip.readUInt16LE(i + 28);
      entries.push({
        name: zip.subarray(i + 46, i + 46 + nameLength).toString('utf8'),
        time: zip.readUInt16LE(i + 12),
        date: zip.readUInt16LE(i + 14),
        attrs: zip.readUInt32LE(i + 38),
      });
    }
    expect(entries).toEqual([
      { name: 'index.mjs', time: 0, date: (0 << 9) | (1 << 5) | 1, attrs: (0o100644 << 16) >>> 0 },
      { name: 'verifier.mjs', time: 0, date: (0 << 9) | (1 << 5) | 1, attrs: (0o100644 << 16) >>> 0 },
      { name: 'verifier.mjs.map', time: 0, date: (0 << 9) | (1 << 5) | 1, attrs: (0o100644 << 16) >>> 0 },
    ]);
  });
});
