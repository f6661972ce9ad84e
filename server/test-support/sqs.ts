import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
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

/** Takes everything visible in a queue now off it (short polls and deletes until a receive comes back empty). */
export async function drain(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30, MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'] }));
    if (!r.Messages?.length) return out;
    out.push(...r.Messages);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  }
}
