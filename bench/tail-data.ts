/** The 20 live-tail filters and the events of the tail benchmarks (bench:tail, bench:tail-fanout). */
export const FILTERS = [
  '', 'level = "error"', 'level != "info"', 'status >= 500', 'route like /checkout/', 'route = "/api/me"', 'duration_ms > 200',
  'user.id in ["u1", "u2", "u3"]', '@message like "GET"', 'method = "POST" and status < 300', 'level = "warn" or status = 404',
  'not ispresent(feature)', 'feature = "export"', 'duration_ms * 2 > 500', 'strlen(route) > 8', 'route =~ /(?i)API\\/ME/',
  'status in [200, 201]', 'level = "error" and route like "/api"', '@log = "api"', 'tag = "bench"',
];
const ROUTES = ['/api/me', '/api/checkout/pay', '/api/assignments/:id', '/api/grades', '/api/export'];

export function raw(i: number, sentAt: number) {
  return {
    tag: 'bench', sent_at: sentAt, seq: i, level: ['info', 'info', 'info', 'warn', 'error'][i % 5], route: ROUTES[i % ROUTES.length],
    status: [200, 201, 404, 500, 200][i % 5], method: i % 3 ? 'GET' : 'POST', duration_ms: (i * 37) % 400, user_id: `u${i % 50}`,
    feature: i % 4 ? undefined : 'export', message: `GET ${ROUTES[i % ROUTES.length]} ${[200, 201, 404, 500, 200][i % 5]}`,
  };
}
