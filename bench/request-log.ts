const ROUTES = ['/api/assignments/:id', '/api/classes', '/api/gradebook/:id', '/api/submissions', '/api/me'];

/**
 * The ~400-byte API request log the load benchmarks send (`bench:ingest`, `bench:consumer`),
 * number `i` of a deterministic series; its timestamp lies up to `spreadMs` before now.
 */
export function requestLog(i: number, spreadMs: number): Record<string, unknown> {
  return {
    timestamp: new Date(Date.now() - (i % spreadMs)).toISOString(),
    level: i % 50 === 0 ? 'ERROR' : 'info',
    message: `GET ${ROUTES[i % ROUTES.length].replace(':id', String(i % 9973))} ${i % 50 === 0 ? 500 : 200} in ${i % 300}ms`,
    method: 'GET',
    route: ROUTES[i % ROUTES.length],
    status: i % 50 === 0 ? 500 : 200,
    duration_ms: i % 300,
    user_id: `u${i % 2000}`,
    request_id: `4f1c2a9e-${(i % 65536).toString(16).padStart(4, '0')}-4b1d-9c3e-${i.toString(16).padStart(12, '0')}`,
    session: { id: `s-${i % 5000}`, plan: i % 3 === 0 ? 'team' : 'free' },
    app: { version: '4.12.1', region: 'eu-west-1' },
  };
}
