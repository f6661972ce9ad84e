import type { TailTarget } from './connection';

/** `GET /api/tail/connect`'s answer (server/tail/aws/connect.ts). */
export type ConnectInfo =
  | { mode: 'local'; url: string }
  | { mode: 'aws'; url: string; token: string; expiresAt: number }
  | { mode: 'aws'; url: null; reason: string };

/** Where the page's socket for Logline's own sources goes, from the console's answer. */
export function targetFromConnectInfo(info: ConnectInfo, page: { protocol: string; host: string }): TailTarget {
  if (info.mode === 'local') return { url: consoleSocketUrl(info.url, page), apiGateway: false };
  if (info.url === null) return { error: info.reason, fatal: true };
  let url: URL;
  try {
    url = new URL(info.url);
  } catch {
    return { error: `The console's LOGLINE_TAIL_WS_URL (${info.url}) is not a URL; ask an admin to fix it.`, fatal: true };
  }
  if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && /^(localhost|127\.0\.0\.1)$/.test(url.hostname))) {
    return { error: `The console's LOGLINE_TAIL_WS_URL must be a wss:// URL, not ${url.protocol}; ask an admin to fix it.`, fatal: true };
  }
  url.searchParams.set('token', info.token);
  return { url: url.toString(), apiGateway: true };
}

/** The console's own socket (/ws/tail), on the page's host. */
export function consoleSocketUrl(path: string, page: { protocol: string; host: string }): string {
  return `${page.protocol === 'https:' ? 'wss' : 'ws'}://${page.host}${path}`;
}

/** What the page says when the console refuses to hand out a token (its answer's status). */
export function connectRefusal(status: number, error: string | undefined): TailTarget {
  if (status === 401) return { error: 'Your session ended; sign in again to keep tailing.', fatal: true };
  if (status === 403) return { error: error ?? 'Live tail needs the developer role.', fatal: true };
  return { error: `the console answered ${status}`, fatal: false };
}
