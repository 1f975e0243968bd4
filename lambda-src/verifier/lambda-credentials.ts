import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Bundle-time replacement for `@aws-sdk/credential-provider-node` (see `scripts/build-verifier.ts`).
 *
 * In Lambda the execution role's credentials are always in the environment (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`). The SDK's default chain would also bundle the shared
 * ini file, SSO, login, process, web identity, container and IMDS providers with their STS/SSO clients
 * (about 95 KB minified) that can never run there. The unbundled sources (tests) keep the full chain.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]): ReturnType<typeof fromEnv> => fromEnv(init);
