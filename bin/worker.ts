import { parseArgs } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig } from '../server/config';
import type { IngestStages } from '../server/ingest/pipeline';
import { StormGuard } from '../server/ingest/storm-guard';
import { consumeBatch, emptyStats, type AfterStoreSink } from '../server/sqs/consumer';
import { fanOutFromSettings } from '../server/tail/aws/fanout-config';
import { DedupeStore } from '../server/sqs/dedupe';
import { add, runWorker, statsLine } from '../server/sqs/worker';
import { CloudWatchWriter } from '../server/store/cloudwatch/writer';

/** `logline worker`: consumes the ingest queue into CloudWatch Logs, like the consumer Lambda. */
export async function workerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'queue-url': { type: 'string' },
      pollers: { type: 'string', default: '4' },
      'visibility-timeout': { type: 'string', default: '120' },
      'stats-interval': { type: 'string', default: '60' },
    },
  });
  const config = loadConfig();
  const queueUrl = values['queue-url'] ?? config.aws.queueUrl;
  if (!queueUrl) {
    console.error('logline worker: pass --queue-url or set LOGLINE_QUEUE_URL to the ingest queue');
    return 2;
  }
  const pollers = Number(values.pollers);
  const visibility = Number(values['visibility-timeout']);
  const interval = Number(values['stats-interval']);
  if (!(pollers >= 1 && pollers <= 64) || !(visibility >= 10 && visibility <= 43_200) || !(interval >= 1)) {
    console.error('logline worker: --pollers is 1–64, --visibility-timeout 10–43200 seconds, --stats-interval at least 1 second');
    return 2;
  }
  const aws = { region: config.aws.region, endpoint: config.aws.endpoint };
  const writer = new CloudWatchWriter(new CloudWatchLogsClient(aws), { prefix: config.aws.logGroupPrefix, retentionDays: config.aws.retentionDays });
  const dedupe = config.aws.dedupeTable ? new DedupeStore(new DynamoDBClient(aws), config.aws.dedupeTable) : null;
  if (!dedupe) console.error('logline worker: LOGLINE_DEDUPE_TABLE is not set, so a redelivered message is written again (duplicates)');
  const stages: IngestStages = { guard: new StormGuard(config.storm).guard };
  const fanOut = fanOutFromSettings(config.aws);
  const afterStore: AfterStoreSink[] = fanOut ? [fanOut] : [];

  const stop = new AbortController();
  const onSignal = (signal: string) => {
    if (stop.signal.aborted) return;
    console.error(`logline worker: ${signal}, finishing the batches in hand…`);
    stop.abort();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  let recent = emptyStats();
  let since = Date.now();
  const timer = setInterval(() => {
    console.log(statsLine(recent, (Date.now() - since) / 1000));
    recent = emptyStats();
    since = Date.now();
  }, interval * 1000);
  console.log(`logline worker: consuming ${queueUrl} with ${pollers} pollers into ${config.aws.logGroupPrefix}<source>`);
  const started = Date.now();
  const totals = await runWorker({
    sqs: new SQSClient(aws),
    queueUrl,
    pollers,
    visibilityTimeoutSeconds: visibility,
    signal: stop.signal,
    consume: (messages, leaseMs) => consumeBatch(messages, { writer, dedupe, stages, afterStore, leaseMs }),
    onBatch: (stats) => add(recent, stats),
  });
  clearInterval(timer);
  console.log(statsLine(totals, (Date.now() - started) / 1000).replace('worker:', 'worker stopped, in all:'));
  return 0;
}
