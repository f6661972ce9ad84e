import { z } from 'zod';

/** Messages a live-tail client sends on /ws/tail. */
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
  }),
  z.object({ type: z.literal('unsubscribe') }),
]);
export type ClientMessage = z.infer<typeof clientMessage>;

/** Close codes the page explains to the user. */
export const CLOSE = {
  /** The server is shutting down; reconnect later. */
  shuttingDown: 1001,
  /** Too many invalid messages. */
  policy: 1008,
  /** The session ended or the role no longer allows live tail. */
  unauthorized: 4401,
} as const;
