import { SQSClient, type SendMessageBatchCommandInput, type SendMessageBatchCommandOutput } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, recordCalls } from '../test-support/cloudwatch';
import { startMoto, type RunningMoto } from '../test-support/moto';
import { createQueues, drain } from '../test-support/sqs';
import { queueDelivery } from '../ingest/delivery';
import { handleIngest } from '../ingest/http';
import { envelopeInput, packEnvelopes, parseEnvelope } from './envelope';
import { QueueProducer, SAFE_MESSAGE_BYTES } from './producer';

const FAST_RETRY = { attempts: 4, baseMs: 1, capMs: 5 };
let moto: RunningMoto;
let sqs: SQSClient;

beforeAll(async () => {
  moto = await startMoto();
  sqs = new SQSClient(moto.client);
});
afterAll(async () => moto?.stop());

const items = (n: number, size = 900) => Array.from({ length: n }, (_, i) => ({ index: i, value: { n: i, pad: 'x'.repeat(size) } }));

describe('QueueProducer against moto', () => {
  it('sends ≤ 10 entries and ≤ 256 KiB per SendMessageBatch by default, and every event arrives once', async () => {
    const { queueUrl } = await createQueues(sqs);
    const client = new SQSClient(moto.client);
    const calls = recordCalls<SendMessageBatchCommandInput>(client, 'SendMessageBatch');
    const producer = new QueueProducer(client, { queueUrl, retry: FAST_RETRY });
    const report = await producer.enqueue({ source: 'api', receivedAt: 1 }, items(3000));
    expect(report).toEqual({ enqueued: 3000, tooLarge: [], refused: [], notEnqueued: [] });
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      const entries = call.Entries ?? [];
      expect(entries.length).toBeLessThanOrEqual(10);
      expect(entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody ?? '', 'utf8'), 0)).toBeLessThanOrEqual(SAFE_MESSAGE_BYTES);
    }
    const received = await drain(sqs, queueUrl);
    const seen = received.flatMap((m) => {
      const parsed = parseEnvelope(m.Body!);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.envelope).toMatchObject({ v: 1, source: 'api', receivedAt: 1 });
      return envelopeInput(parsed.envelope).input.values.map((v) => (v as { n: number }).n);
    });
    expect(seen.sort((a, b) => a - b)).toEqual(items(3000).map((i) => i.index));
  });

  it('reports, rather than throws, what a queue still limited to 256 KiB refuses when configured for 1 MiB', async () => {
    const { queueUrl } = await createQueues(sqs, { maxMessageSize: SAFE_MESSAGE_BYTES });
    const producer = new QueueProducer(sqs, { queueUrl, maxMessageBytes: 1_048_576, retry: FAST_RETRY });
    const report = await producer.enqueue({}, items(800)); // ~730 KB: one message over the queue's limit
    expect(report.enqueued).toBe(0);
    expect(report.notEnqueued).toHaveLength(800);
    expect(report.notEnqueued[0].error).toMatch(/262144/);
  });

  /**
   * moto never fails an entry on its own side, so the first call's answer is edited in the SDK's
   * middleware stack: one entry is held back from SQS and reported as an InternalError, as SQS does.
   */
  it('retries entries SQS failed on its side, and throttled calls, then delivers everything once', async () => {
    const { queueUrl } = await createQueues(sqs);
    const client = new SQSClient(moto.client);
    let call = 0;
    client.middlewareStack.add(
      ((next: (args: { input: SendMessageBatchCommandInput }) => Promise<{ output: SendMessageBatchCommandOutput }>) => async (args: { input: SendMessageBatchCommandInput }) => {
        call++;
        if (call === 1) throw awsError('ThrottlingException', 'Rate exceeded', 400);
        if (call === 2) {
          const [held, ...rest] = args.input.Entries!;
          const result = await next({ ...args, input: { ...args.input, Entries: rest } });
          result.output.Failed = [{ Id: held.Id!, SenderFault: false, Code: 'InternalError', Message: 'try again' }];
          return result;
        }
        return next(args);
      }) as never,
      { step: 'initialize' },
    );
    const producer = new QueueProducer(client, { queueUrl, retry: FAST_RETRY });
    const { envelopes } = packEnvelopes({}, items(30, 100), 1024); // small messages: several in one call
    expect(envelopes.length).toBeGreaterThan(2);
    expect(await producer.send(envelopes)).toEqual({ sent: envelopes.length, failed: [] });
    expect(call).toBe(3);
    const received = await drain(sqs, queueUrl);
    expect(received.flatMap((m) => (JSON.parse(m.Body!) as { events: unknown[] }).events)).toHaveLength(30);
  });

  it('gives up after its attempts and names the error; an event too large for any message is set aside', async () => {
    const client = new SQSClient(moto.client);
    const producer = new QueueProducer(client, { queueUrl: `${moto.endpoint}/123456789012/no-such-queue`, retry: FAST_RETRY });
    const report = await producer.enqueue({}, [{ index: 0, value: 'x'.repeat(300_000) }, { index: 1, value: 'fine' }]);
    expect(report.tooLarge).toEqual([0]);
    expect(report.notEnqueued).toEqual([{ index: 1, error: expect.stringMatching(/NonExistentQueue|QueueDoesNotExist|does not exist/) }]);
  });
});

/**
 * The edge's answer when SQS takes only part of a request. moto never refuses one entry of a
 * batch, so the SDK's middleware stack has SQS fail the message holding events 2–3 every time
 * (retryable) and refuse the one holding 4–5 for good (SenderFault).
 */
describe('an ingest edge over SQS', () => {
  it('answers 503 with Retry-After listing exactly the events to send again; SenderFault refusals are not among them', async () => {
    const { queueUrl } = await createQueues(sqs);
    const client = new SQSClient(moto.client);
    client.middlewareStack.add(
      ((next: (args: { input: SendMessageBatchCommandInput }) => Promise<{ output: SendMessageBatchCommandOutput }>) => async (args: { input: SendMessageBatchCommandInput }) => {
        const entries = args.input.Entries!;
        const failing = entries.filter((e) => e.MessageBody!.includes('\\"n\\":2,'));
        const refused = entries.filter((e) => e.MessageBody!.includes('\\"n\\":4,'));
        const rest = entries.filter((e) => !failing.includes(e) && !refused.includes(e));
        const result = rest.length > 0 ? await next({ ...args, input: { ...args.input, Entries: rest } }) : { output: { Successful: [], Failed: [], $metadata: {} } satisfies SendMessageBatchCommandOutput };
        result.output.Failed = [
          ...failing.map((e) => ({ Id: e.Id!, SenderFault: false, Code: 'ServiceUnavailable', Message: 'try again' })),
          ...refused.map((e) => ({ Id: e.Id!, SenderFault: true, Code: 'InvalidMessageContents', Message: 'refused' })),
        ];
        return result;
      }) as never,
      { step: 'initialize' },
    );
    // 16 KiB messages: two events each, so events 2 and 3 share the failing message, 4 and 5 the refused one
    const deliver = queueDelivery(new QueueProducer(client, { queueUrl, maxMessageBytes: 16 * 1024, retry: FAST_RETRY }));
    const body = Array.from({ length: 6 }, (_, n) => JSON.stringify({ n, pad: 'x'.repeat(7000) })).join('\n') + '\n[1]\n{"n":';
    const keys = { verify: () => ({ id: 'k', name: 'k', kind: 'ingest' as const, source: null, userId: null }) };
    const res = await handleIngest(new Request('http://x/api/ingest', { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/x-ndjson' }, body }), { keys, maxBodyBytes: 1 << 20, deliver });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const answer = (await res.json()) as { error: string; accepted: number; rejected: number; errors: { index: number; error: string }[]; retry: [number, number][]; notQueued: number };
    expect(answer).toMatchObject({ accepted: 2, rejected: 4, retry: [[2, 3]], notQueued: 2 });
    expect(answer.errors.map((e) => e.index)).toEqual([4, 5, 6, 7]); // refused by SQS, not an object, malformed JSON
    expect(answer.errors[0].error).toMatch(/^SQS refused the message holding it \(InvalidMessageContents/);
    expect(answer.error).toMatch(/2 of 8 events could not be queued \(not queued: ServiceUnavailable.*send only the events listed in "retry" again.*2 were accepted, 4 were refused/);
    expect((await drain(sqs, queueUrl)).flatMap((m) => (JSON.parse(m.Body!) as { lines: string[] }).lines.map((l) => (JSON.parse(l) as { n: number }).n)).sort()).toEqual([0, 1]);
  });
});
