/** Prefixes of the vault bucket. */
export const UPLOADS_PREFIX = 'uploads/';
export const REFERENCES_PREFIX = 'references/';
/** Prefix under which the access-log bucket receives server access logs. */
export const ACCESS_LOG_PREFIX = 's3-access-logs/';
/** Subject id of the probe uploads `verify:deployment` makes (`uploads/<subject>/<run>.png`). */
export const DEPLOYMENT_PROBE_SUBJECT = 'deployment-probe';
/** Prefixes of the artifact bucket: packages as built, and as AWS Signer wrote them after signing. */
export const ARTIFACT_UNSIGNED_PREFIX = 'verifier/unsigned/';
export const ARTIFACT_SIGNED_PREFIX = 'verifier/signed/';
