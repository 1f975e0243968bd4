/** Types of scripts/verifier-esbuild.mjs, for the tests that import its transform. */
export function literalSchemaKeys(source: string): { contents: string; unresolved: number };
