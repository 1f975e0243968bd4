/** Prefixes of the vault bucket. */
export const UPLOADS_PREFIX = 'uploads/';
export const REFERENCES_PREFIX = 'references/';
/** Prefix under which the access-log bucket receives server access logs. */
export const ACCESS_LOG_PREFIX = 's3-access-logs/';
