import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { uniqueName } from './moto';

export interface TestQueues {
  queueUrl: string;
  dlqUrl: string;
}

/** A queue with a dead-letter queue after `maxReceiveCount` receives, as infra/ makes them. */
export async function createQueues(sqs: SQSClient, options: { maxReceiveCount?: number; visibilityTimeout?: number; maxMessageSize?: number } = {}): Promise<TestQueues> {
  const name = uniqueName('ingest');
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const dlqArn = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
  const q = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeout ?? 30),
        ...(options.maxMessageSize ? { MaximumMessageSize: String(options.maxMessageSize) } : {}),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn.Attributes?.QueueArn, maxReceiveCount: options.maxReceiveCount ?? 3 }),
      },
    }),
  );
  return { queueUrl: q.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}

/** Everything visible in a queue now (short polls until one comes back empty). */
export async function drain(sqs: SQSClient, queueUrl: string, visibilityTimeout = 30): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: visibilityTimeout, MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'] }));
    if (!r.Messages?.length) return out;
    out.push(...r.Messages);
  }
}
