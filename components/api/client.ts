/** The console's HTTP client: every call to the API goes through here, so components never build URLs. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, typeof body.error === 'string' ? body.error : `the server answered ${res.status}`, body);
  return body as T;
}

/**
 * POSTs and reads an NDJSON answer (`Accept: application/x-ndjson`): every line before the last
 * goes to `onProgress`; the last is returned (`status: "Complete"`) or thrown (`status: "Error"`).
 * A plain JSON answer (an error before streaming began) is handled like `api`.
 */
export async function apiStream<T>(path: string, init: { body: unknown; signal?: AbortSignal }, onProgress: (line: Record<string, unknown>) => void): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
    body: JSON.stringify(init.body),
    signal: init.signal,
  });
  if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').includes('ndjson')) {
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new ApiError(res.status, typeof body.error === 'string' ? body.error : `the server answered ${res.status}`, body);
    return body as T;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += value ?? '';
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>;
      buffer = buffer.slice(nl + 1);
      if (line.status === 'Complete') return line as T;
      if (line.status === 'Error') {
        const status = typeof line.httpStatus === 'number' ? line.httpStatus : 500;
        throw new ApiError(status, typeof line.error === 'string' ? line.error : `the query failed (${status})`, line);
      }
      onProgress(line);
    }
    if (done) throw new ApiError(502, 'the answer ended before the query finished; run it again', {});
  }
}
