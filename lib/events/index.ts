export * from './types';
export { LIMITS } from './limits';
export { toLogEvent, exceedsEventBytes } from './pipeline';
export { flatten, nestingDepth, sanitizeKey } from './flatten';
export { FIELD_ALIASES, normalizeLevel, normalizeField } from './normalize';
export { parseTimestamp } from './timestamp';
export { fingerprint, messageTemplate, hash64 } from './fingerprint';
