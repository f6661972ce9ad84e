import { z } from 'zod';

/** StartLiveTail takes at most 10 log groups per session (aws-limits.md §3). */
export const MAX_LOG_GROUPS = 10;

/** A CloudWatch log group ARN as DescribeLogGroups' `logGroupArn` gives it (no trailing `:*`). */
export const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[.\-_/#A-Za-z0-9]{1,512}$/;

/** Messages a live-tail client sends on /ws/tail and on the AWS-mode API Gateway WebSocket. */
export const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    sources: z.array(z.string().min(1).max(512)).max(50).default([]),
    /** A filter expression or `filter …` commands, in Logs Insights QL. */
    filter: z.string().max(10_000).default(''),
    highlight: z.array(z.string().min(1).max(200)).max(20).default([]),
    maxRate: z.number().int().min(1).max(10_000).default(500),
    /** Events the server may hold for this client while it is slow (then it drops the oldest). */
    buffer: z.number().int().min(10).max(5_000).default(5_000),
    /** AWS mode, console socket only: CloudWatch log groups Logline does not ingest, tailed with StartLiveTail. */
    logGroups: z
      .array(z.string().regex(LOG_GROUP_ARN, 'must be a log group ARN (arn:aws:logs:region:account:log-group:name)'))
      .max(MAX_LOG_GROUPS, `StartLiveTail tails at most ${MAX_LOG_GROUPS} log groups at once`)
      .default([]),
  }),
  z.object({ type: z.literal('unsubscribe') }),
  /** Keeps an idle connection open (API Gateway closes one after 10 idle minutes); nothing is answered. */
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;
export type SubscribeMessage = Extract<ClientMessage, { type: 'subscribe' }>;

/** Parses one text frame; the error is the `message` of the `error` reply, the same on every socket. */
export function parseClientMessage(text: string | undefined): { ok: true; message: ClientMessage } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = text === undefined ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = clientMessage.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  return {
    ok: false,
    error: `invalid message: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}. Send {"type":"subscribe","filter":"…"}.`,
  };
}

/** The reply to a subscribe, on every socket. */
export function subscribedReply(id: string, m: SubscribeMessage) {
  return { type: 'subscribed', id, sources: m.sources, filter: m.filter, highlight: m.highlight, maxRate: m.maxRate, logGroups: m.logGroups };
}

/** After this many invalid messages a connection is closed. */
export const MAX_INVALID_MESSAGES = 20;

/** Close codes the page explains to the user. */
export const CLOSE = {
  /** The server is shutting down; reconnect later. */
  shuttingDown: 1001,
  /** Too many invalid messages. */
  policy: 1008,
  /** The session ended or the role no longer allows live tail. */
  unauthorized: 4401,
} as const;
