import { spawn } from 'node:child_process';
import path from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, readGroup } from '../test-support/cloudwatch';
import { createTables } from '../test-support/lambda';
import { startMoto, uniqueName, type RunningMoto } from '../test-support/moto';
import { createQueues } from '../test-support/sqs';
import { QueueProducer } from './producer';

const ROOT = path.resolve(import.meta.dirname, '../..');
let moto: RunningMoto;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => moto?.stop());

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('logline worker', () => {
  it('long-polls the queue into CloudWatch Logs, prints stats, and stops cleanly on SIGTERM', async () => {
    const sqs = new SQSClient(moto.client);
    const logs = new CloudWatchLogsClient(moto.client);
    const { queueUrl } = await createQueues(sqs);
    const { dedupeTable } = await createTables(new DynamoDBClient(moto.client));
    const prefix = `/${uniqueName('worker')}/`;
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/logline.mjs'), 'worker', '--pollers', '2', '--stats-interval', '1', '--visibility-timeout', '30'], {
      cwd: ROOT,
      env: { ...process.env, ...moto.env, LOGLINE_QUEUE_URL: queueUrl, LOGLINE_DEDUPE_TABLE: dedupeTable, LOGLINE_LOG_GROUP_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await until('the worker to start', async () => (out.includes('consuming') ? true : undefined));
      const producer = new QueueProducer(sqs, { queueUrl });
      const items = Array.from({ length: 500 }, (_, i) => ({ index: i, value: { n: i, userId: i % 7, level: 'INFO' } }));
      expect((await producer.enqueue({ defaultSource: 'jobs' }, items)).enqueued).toBe(500);
      const stored = await until('the events in CloudWatch', async () => {
        const events = await readGroup(logs, `${prefix}jobs`).catch(() => []);
        return events.length >= 500 ? events : undefined;
      });
      expect(stored).toHaveLength(500);
      expect(messages(stored)[0]).toMatchObject({ level: 'info', 'user.id': expect.any(String) });
      await until('a stats line', async () => (/worker: 500 events from \d+ messages/.test(out) ? true : undefined));

      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
      expect(code, out).toBe(0);
      expect(out).toMatch(/SIGTERM, finishing the batches in hand/);
      expect(out).toMatch(/worker stopped, in all: 500 events/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses to start without a queue', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/logline.mjs'), 'worker'], { cwd: ROOT, env: { ...process.env, LOGLINE_QUEUE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/LOGLINE_QUEUE_URL/);
  });
});
