import {
  CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, ResourceAlreadyExistsException, type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '@/lib/events';
import { logGroupName, logStreamName } from '../store/cloudwatch/log-groups';

/**
 * A minimal writer for tests of the query side: puts events into CloudWatch (moto) one log
 * group per source, each message the event's flattened fields as JSON. Production writes go
 * through the SQS consumer's CloudWatch writer, which respects every PutLogEvents limit.
 */
export class PutLogEventsWriter {
  private readonly made = new Set<string>();

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly prefix: string,
  ) {}

  async append(events: LogEvent[]): Promise<void> {
    const byStream = new Map<string, LogEvent[]>();
    for (const e of events) {
      const key = `${logGroupName(this.prefix, e.log)}\u0000${logStreamName(e.logStream)}`;
      byStream.set(key, [...(byStream.get(key) ?? []), e]);
    }
    for (const [key, list] of byStream) {
      const [group, stream] = key.split('\u0000');
      await this.ensure(group, stream);
      const logEvents = [...list].sort((a, b) => a.timestamp - b.timestamp).map((e) => ({ timestamp: e.timestamp, message: JSON.stringify({ ...e.fields, '@fingerprint': e.fingerprint }) }));
      await this.client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
    }
  }

  private async ensure(group: string, stream: string): Promise<void> {
    const once = async (key: string, create: () => Promise<unknown>) => {
      if (this.made.has(key)) return;
      try {
        await create();
      } catch (error) {
        if (!(error instanceof ResourceAlreadyExistsException)) throw error;
      }
      this.made.add(key);
    };
    await once(group, () => this.client.send(new CreateLogGroupCommand({ logGroupName: group })));
    await once(`${group}\u0000${stream}`, () => this.client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })));
  }
}
