// Jest transformer: strips TypeScript types with esbuild (fast, no TS compiler API).
// Types are checked separately by `tsc --noEmit`, which `npm test` runs first.
'use strict';
const { transformSync } = require('esbuild');
const crypto = require('node:crypto');

module.exports = {
  getCacheKey(source, filename) {
    return crypto.createHash('sha256').update(source).update('\0').update(filename).update('\0v1').digest('hex');
  },
  process(source, filename) {
    const loader = filename.endsWith('.ts') ? 'ts' : 'js';
    const out = transformSync(source, {
      loader,
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
    });
    return { code: out.code };
  },
};
