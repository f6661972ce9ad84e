/** Limits every edge applies (CloudWatch's own where they exist). Documented in the README. */
export const LIMITS = {
  /** Flattened fields kept per event; the rest stays in `@message` only (CloudWatch discovers 200). */
  maxFields: 200,
  /** Nesting below this depth is kept as a JSON string in one field instead of flattened further. */
  flattenDepth: 8,
  /** Events nested deeper than this are refused: nobody logs that on purpose. */
  maxNestingDepth: 64,
  /** One event, serialized (CloudWatch's PutLogEvents event limit). */
  maxEventBytes: 256 * 1024,
  /** Longest field path kept; longer paths stay in `@message` only. */
  maxFieldNameLength: 256,
  /** Longest source / stream name (CloudWatch's log-group and stream name limits). */
  maxSourceLength: 512,
} as const;
