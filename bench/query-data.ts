/**
 * Synthetic events for the query benchmark, generated inside DuckDB (`INSERT … SELECT … FROM
 * range(n)`) in the events table's exact layout: a realistic mix of sources, levels, routes,
 * features, users, durations and statuses, plus JSON attributes (`plan`, `app.version`, `region`,
 * `cart.items`). Pseudo-random but deterministic: every column derives from hash(i).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Eight weeks ending Monday 2024-10-28 00:00 UTC. */
export const DATA_END = Date.UTC(2024, 9, 28);
export const DATA_START = DATA_END - 8 * 7 * 86_400_000;

const ROUTES = ['/api/assignments/:id', '/api/classes', '/api/gradebook/:id', '/api/submissions', '/api/me',
  '/api/login', '/api/search', '/api/files/:id', '/api/comments', '/api/notifications', '/api/export', '/api/settings'];
const FEATURES = ['gradebook', 'rubrics', 'quiz', 'calendar', 'messages', 'analytics', 'export', 'search', 'files',
  'attendance', 'badges', 'peer-review', 'plagiarism', 'live-class', 'forum', 'portfolio', 'reports', 'sso', 'api', 'mobile'];

const list = (xs: readonly string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

export async function generateEvents(conn: DuckDBConnection, n: number): Promise<void> {
  const span = DATA_END - DATA_START;
  // h1..h4: independent pseudo-random streams per row.
  await conn.run(`
    INSERT INTO events
    WITH r AS (
      SELECT i,
        (hash(i) % 1000000007)::BIGINT AS h1, (hash(i + 1000000007) % 1000000007)::BIGINT AS h2,
        (hash(i * 31 + 7) % 1000000007)::BIGINT AS h3, (hash(i * 131 + 3) % 1000000007)::BIGINT AS h4
      FROM range(${n}) t(i)
    ), s AS (
      SELECT i, h1, h2, h3, h4,
        CASE WHEN h1 % 100 < 50 THEN 'api' WHEN h1 % 100 < 75 THEN 'web' WHEN h1 % 100 < 90 THEN 'app' ELSE 'batch' END AS log,
        CASE WHEN h2 % 100 < 85 THEN 'info' WHEN h2 % 100 < 93 THEN 'warn' WHEN h2 % 100 < 98 THEN 'error' ELSE 'debug' END AS level,
        ${ROUTES.length} AS nr
      FROM r
    )
    SELECT
      ${DATA_START} + (i * ${span} // ${n}) AS ts,
      ${DATA_START} + (i * ${span} // ${n}) + 200 AS ingested,
      log,
      log || '-' || (h3 % 8)::VARCHAR AS stream,
      CASE
        WHEN level = 'error' THEN 'Exception: timeout after ' || (h4 % 5000)::VARCHAR || 'ms for user ' || (h3 % 20000)::VARCHAR
        WHEN log = 'api' THEN (${list(['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'])})[1 + h4 % 6] || ' ' || (${list(ROUTES)})[1 + h3 % ${ROUTES.length}] || ' ' ||
          (CASE WHEN h2 % 50 = 0 THEN 500 WHEN h2 % 20 = 0 THEN 404 ELSE 200 END)::VARCHAR || ' in ' || (h4 % 900)::VARCHAR || 'ms'
        WHEN log = 'batch' THEN 'job ' || (h3 % 40)::VARCHAR || ' processed ' || (h4 % 10000)::VARCHAR || ' rows'
        ELSE 'user ' || (h3 % 20000)::VARCHAR || ' used ' || (${list(FEATURES)})[1 + h4 % ${FEATURES.length}]
      END AS message,
      lpad(to_hex(h1 % 4096), 16, '0') AS fingerprint,
      level,
      CASE WHEN log IN ('web', 'app') THEN 'feature_used' WHEN log = 'api' THEN 'request' ELSE 'job' END AS event,
      CASE WHEN log IN ('web', 'app') THEN (${list(FEATURES)})[1 + h4 % ${FEATURES.length}] END AS feature,
      CASE WHEN log = 'api' THEN (${list(ROUTES)})[1 + h3 % ${ROUTES.length}] END AS route,
      CASE WHEN log = 'api' THEN (${list(['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'])})[1 + h4 % 6] END AS method,
      CASE WHEN log = 'api' THEN (CASE WHEN h2 % 50 = 0 THEN 500 WHEN h2 % 20 = 0 THEN 404 ELSE 200 END)::DOUBLE END AS status,
      CASE WHEN log IN ('api', 'batch') THEN ((h4 % 900) + (h1 % 7) * (h1 % 7) * 10)::DOUBLE END AS duration_ms,
      'u' || (h3 % 20000)::VARCHAR AS user_id,
      CASE WHEN log = 'api' THEN lpad(to_hex(h1), 8, '0') || lpad(to_hex(h2), 8, '0') || lpad(to_hex(i), 8, '0') END AS request_id,
      's-' || (h3 % 50000)::VARCHAR AS session_id,
      CASE WHEN h1 % 4 = 0 THEN lpad(to_hex(h3), 8, '0') || lpad(to_hex(i // 4), 8, '0') END AS trace_id,
      '{"plan":"' || (${list(['free', 'free', 'team', 'school', 'district'])})[1 + h3 % 5] ||
        '","app.version":"4.' || (h2 % 15)::VARCHAR || '.' || (h4 % 3)::VARCHAR ||
        '","region":"' || (${list(['eu-west-1', 'us-east-1', 'ap-south-1'])})[1 + h1 % 3] || '"' ||
        CASE WHEN log = 'web' THEN ',"cart.items":' || (h4 % 12)::VARCHAR ELSE '' END || '}' AS attrs
    FROM s
  `);
}
