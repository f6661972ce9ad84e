/** A failure a user can act on, with the HTTP status a route maps it to. */
export class ServiceError extends Error {
  readonly code = 'LOGLINE_SERVICE_ERROR';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** By code, not `instanceof`: route bundles may hold their own copy of this class. */
export function isServiceError(error: unknown): error is ServiceError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'LOGLINE_SERVICE_ERROR';
}
