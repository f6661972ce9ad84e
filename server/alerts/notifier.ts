// Sends messages to webhooks off the engine's path: one ordered queue per webhook (an alert
// before its update before its resolve), each delivery recorded in the history.
import type { SlackMessage } from '@/lib/alerts/slack-blocks';
import type { WebhookPolicy } from '@/lib/alerts/webhook-url';
import type { MetaDb } from '../meta/db';
import { DEFAULT_DELIVERY, postToWebhook, type DeliveryOptions, type DeliveryOutcome } from './delivery';
import { finishDelivery, startDelivery } from './store';
import type { MessageKind } from './types';

/** Messages waiting for one webhook; beyond this they fail at once (Slack is down or slow). */
const MAX_PENDING_PER_WEBHOOK = 100;

export interface Outgoing {
  url: string;
  ruleId: string | null;
  ruleName: string;
  kind: MessageKind;
  groupKey: string | null;
  message: SlackMessage;
}

export class Notifier {
  private readonly chains = new Map<string, { tail: Promise<unknown>; pending: number }>();
  private readonly options: DeliveryOptions;

  constructor(
    private readonly meta: MetaDb,
    policy: WebhookPolicy,
    overrides: Partial<Omit<DeliveryOptions, 'policy'>> = {},
  ) {
    this.options = { ...DEFAULT_DELIVERY, ...overrides, policy };
  }

  /** Queues the message behind the others for its webhook; never throws, never waits. */
  enqueue(out: Outgoing): void {
    const chain = this.chains.get(out.url) ?? { tail: Promise.resolve(), pending: 0 };
    this.chains.set(out.url, chain);
    if (chain.pending >= MAX_PENDING_PER_WEBHOOK) {
      // Not awaited, so it must not reject unhandled: a failing meta store would crash the console.
      this.record(out, { ok: false, attempts: 0, httpStatus: null, error: `not sent: ${MAX_PENDING_PER_WEBHOOK} messages were already waiting for this webhook` }).catch((error: unknown) =>
        console.error('alert delivery: could not record a message dropped for a full webhook queue', error),
      );
      return;
    }
    chain.pending++;
    chain.tail = chain.tail
      .then(() => this.deliver(out))
      .catch((error: unknown) => console.error('alert delivery failed', error))
      .finally(() => {
        chain.pending--;
        if (chain.pending === 0 && this.chains.get(out.url) === chain) this.chains.delete(out.url);
      });
  }

  /** Sends now and answers how it went (the "send test message" button). */
  deliver(out: Outgoing): Promise<DeliveryOutcome & { id: string }> {
    return this.record(out, null);
  }

  /** Resolves when every queued message has been delivered or given up on. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()].map((c) => c.tail));
  }

  private async record(out: Outgoing, outcome: DeliveryOutcome | null): Promise<DeliveryOutcome & { id: string }> {
    const id = await startDelivery(this.meta, { ruleId: out.ruleId, ruleName: out.ruleName, kind: out.kind, groupKey: out.groupKey, summary: out.message.text });
    const result = outcome ?? (await postToWebhook(out.url, out.message, this.options));
    await finishDelivery(this.meta, id, result);
    return { ...result, id };
  }
}
