import type { LogEvent } from '@/lib/events';
import { describeError } from '../aws/retry';
import type { LineError } from '../ingest/body';
import { ingest, type IngestInput, type IngestResult, type IngestStages } from '../ingest/pipeline';
import type { CloudWatchWriter, WriteReport } from '../store/cloudwatch/writer';
import type { DedupeStore } from './dedupe';
import { envelopeInput, parseEnvelope } from './envelope';

/**
 * The SQS consumer, one function for the SQS-triggered Lambda and `logline worker`: each message
 * body is an envelope (envelope.ts); its events go through the same pipeline as local mode
 * (`ingest()` with the process's IngestStages, so the storm guard applies), the whole batch's
 * events are written together (full PutLogEvents calls), and the answer says which messages to
 * retry. A bad message fails alone; the rest of its batch is written.
 */
export interface ConsumedMessage {
  messageId: string;
  body: string;
  /** SQS SentTimestamp (epoch ms): the receive time of envelopes that carry none. */
  sentTimestamp?: number;
}

/** Runs after the events are stored and awaited (the live-tail fan-out); a failure is counted, never retried. */
export type AfterStoreSink = (events: readonly LogEvent[]) => Promise<void>;

export interface ConsumerDeps {
  writer: Pick<CloudWatchWriter, 'append'>;
  /** Idempotency by message id (dedupe.ts); null writes a redelivered message again. */
  dedupe: DedupeStore | null;
  stages?: IngestStages;
  afterStore?: readonly AfterStoreSink[];
  /** How long this consumer may hold a message: the Lambda's remaining time, the worker's visibility timeout. */
  leaseMs: number;
  log?: (line: string) => void;
}

export interface BatchStats {
  messages: number;
  /** Messages whose events are stored (and marked done). */
  stored: number;
  /** Redeliveries of messages already stored: skipped, deleted. */
  duplicates: number;
  /** Messages another consumer holds right now: left for redelivery. */
  busy: number;
  /** Bodies that are not envelopes: they fail until the queue's redrive policy moves them to the DLQ. */
  poison: number;
  /** Messages to retry: poison, busy, or their events could not be written. */
  failed: number;
  /** Events stored, and events the pipeline refused (not an object, nested too deep, too large, bad JSON line). */
  events: number;
  invalidEvents: number;
  retimed: number;
  /** Events CloudWatch cannot store (too old, too large): counted and logged, not retried. */
  refused: number;
  calls: number;
  bytes: number;
  sinkErrors: number;
}

export interface BatchResult {
  /** Message ids to leave for redelivery (Lambda `batchItemFailures`); every other message may be deleted. */
  failedMessageIds: string[];
  stats: BatchStats;
}

export function emptyStats(): BatchStats {
  return { messages: 0, stored: 0, duplicates: 0, busy: 0, poison: 0, failed: 0, events: 0, invalidEvents: 0, retimed: 0, refused: 0, calls: 0, bytes: 0, sinkErrors: 0 };
}

interface Claimed {
  message: ConsumedMessage;
  input: IngestInput;
  lineErrors: LineError[];
  token: string | null;
}

export async function consumeBatch(messages: readonly ConsumedMessage[], deps: ConsumerDeps): Promise<BatchResult> {
  const log = deps.log ?? ((line: string) => console.log(line));
  const stats = emptyStats();
  stats.messages = messages.length;
  const failed = new Set<string>();

  // 1. Envelopes, then claims: poison and held messages drop out here.
  const claimed = (
    await Promise.all(
      messages.map(async (message): Promise<Claimed | null> => {
        const parsed = parseEnvelope(message.body);
        if (!parsed.ok) {
          stats.poison++;
          failed.add(message.messageId);
          log(`consumer: message ${message.messageId} is poison, left for the dead-letter queue: ${parsed.error}`);
          return null;
        }
        const { input, errors } = envelopeInput(parsed.envelope, message.sentTimestamp);
        if (!deps.dedupe) return { message, input, lineErrors: errors, token: null };
        try {
          const claim = await deps.dedupe.claim(message.messageId, deps.leaseMs);
          if (claim.state === 'claimed') return { message, input, lineErrors: errors, token: claim.token };
          if (claim.state === 'done') stats.duplicates++;
          else {
            stats.busy++;
            failed.add(message.messageId);
          }
        } catch (error) {
          failed.add(message.messageId);
          log(`consumer: message ${message.messageId} could not be claimed, retried later: ${describeError(error)}`);
        }
        return null;
      }),
    )
  ).filter((c): c is Claimed => c !== null);

  // 2. The pipeline per message, collecting what each would store, then one write for the batch.
  const { results, stored, report } = await runPipeline(claimed, deps);
  for (const c of claimed) {
    const r = results.get(c);
    if (!r || r.status === 'rejected') failed.add(c.message.messageId);
    else {
      const refused = [...c.lineErrors, ...r.value.errors];
      stats.invalidEvents += refused.length;
      if (refused.length > 0) log(`consumer: message ${c.message.messageId}: ${refused.length} events refused (first: #${refused[0].index} ${refused[0].error})`);
    }
  }
  stats.events = report.written;
  stats.retimed = report.retimed;
  stats.refused = report.refused.tooOld + report.refused.tooNew + report.refused.expired + report.refused.tooLarge;
  stats.calls = report.calls;
  stats.bytes = report.bytes;
  if (report.errors.length > 0) log(`consumer: writes failed, their messages are retried: ${report.errors.slice(0, 5).join('; ')}`);
  if (stats.refused > 0) log(`consumer: CloudWatch cannot store ${stats.refused} events (${JSON.stringify(report.refused)}); counted, not retried`);

  // 3. Done or released; then the after-store sinks see what was stored.
  await Promise.all(
    claimed.map(async (c) => {
      if (!deps.dedupe || c.token === null) return;
      try {
        if (failed.has(c.message.messageId)) await deps.dedupe.release(c.message.messageId, c.token);
        else await deps.dedupe.complete(c.message.messageId);
      } catch (error) {
        // The events are stored; deleting the message is still right. A redelivery may then duplicate them.
        log(`consumer: could not record message ${c.message.messageId}: ${describeError(error)}`);
      }
    }),
  );
  stats.stored = claimed.filter((c) => !failed.has(c.message.messageId)).length;
  for (const sink of deps.afterStore ?? []) {
    try {
      await sink(stored);
    } catch (error) {
      stats.sinkErrors++;
      log(`consumer: an after-store sink failed: ${describeError(error)}`);
    }
  }
  stats.failed = failed.size;
  return { failedMessageIds: messages.map((m) => m.messageId).filter((id) => failed.has(id)), stats };
}

/**
 * Runs `ingest()` for every message with a store that only collects, so the batch is written in
 * one `writer.append` (calls filled across messages) while each message keeps its own outcome: a
 * message whose events were in a failed call sees its append reject, exactly as with a local store.
 */
async function runPipeline(claimed: readonly Claimed[], deps: ConsumerDeps) {
  // Keyed by the claim, not the message id: a batch may (rarely) hold one message twice.
  const collected = new Map<Claimed, LogEvent[]>();
  let written!: (failures: Map<Claimed, string>) => void;
  const writtenP = new Promise<Map<Claimed, string>>((resolve) => (written = resolve));
  const arrivals: Promise<void>[] = [];
  const runs = claimed.map((c) => {
    let arrived!: () => void;
    arrivals.push(new Promise<void>((resolve) => (arrived = resolve)));
    const store = {
      append: async (events: LogEvent[]) => {
        collected.set(c, events);
        arrived();
        const why = (await writtenP).get(c);
        if (why !== undefined) throw new Error(why);
      },
    };
    const run = ingest(store, c.input, deps.stages);
    run.then(arrived, arrived); // a message that fails before storing must not hold up the batch
    return run;
  });
  await Promise.all(arrivals);

  const owner = new Map<LogEvent, Claimed>();
  for (const [c, events] of collected) for (const e of events) owner.set(e, c);
  const all = [...collected.values()].flat();
  let report: WriteReport;
  try {
    report = await deps.writer.append(all);
  } catch (error) {
    report = { written: 0, calls: 0, bytes: 0, retimed: 0, refused: { tooOld: 0, tooNew: 0, expired: 0, tooLarge: 0 }, failed: all, errors: [describeError(error)] };
  }
  const failures = new Map<Claimed, string>();
  for (const e of report.failed) failures.set(owner.get(e)!, report.errors[0] ?? 'the write failed');
  written(failures);

  const settled = await Promise.allSettled(runs);
  const results = new Map<Claimed, PromiseSettledResult<IngestResult>>(claimed.map((c, i) => [c, settled[i]]));
  const stored = [...collected].filter(([c]) => !failures.has(c)).flatMap(([, events]) => events);
  return { results, stored, report };
}
