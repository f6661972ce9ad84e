import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT_CONTEXT, SeverityNumber, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../test-support/sign-in';
import { readEvents, TEST_ADMIN, TEST_ADMIN_ENV } from '../../test-support/otlp';
import { startServer, TEST_INGEST_KEY, type RunningServer } from '../../test-support/spawn-server';

/**
 * Real OpenTelemetry clients against the real server: the JS SDK with its stock OTLP/HTTP
 * exporters (JSON, and protobuf + gzip configured only through the standard OTEL_* variables),
 * and a standard-library Python client. Each sends, then reads its events back from /api/events.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
let server: RunningServer;
let cookie: string;

beforeAll(async () => {
  server = await startServer({ env: TEST_ADMIN_ENV });
  cookie = await signIn(server.url, TEST_ADMIN.email, TEST_ADMIN.password);
});
afterAll(async () => {
  await server?.stop();
});

type ExportResult = Parameters<Parameters<LogRecordExporter['export']>[1]>[0];

/** Passes records to the real exporter and remembers what each export reported. */
class Recording implements LogRecordExporter {
  readonly results: ExportResult[] = [];
  constructor(private readonly inner: LogRecordExporter) {}
  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.inner.export(records, (r) => {
      this.results.push(r);
      done(r);
    });
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

const T = Date.UTC(2026, 10, 24, 9, 30, 15, 123);
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

async function emitAll(exporter: LogRecordExporter, resource: Record<string, string>, emit: (provider: LoggerProvider) => void): Promise<ExportResult[]> {
  const recording = new Recording(exporter);
  const provider = new LoggerProvider({ resource: resourceFromAttributes(resource), processors: [new BatchLogRecordProcessor({ exporter: recording })] });
  emit(provider);
  await provider.forceFlush();
  await provider.shutdown();
  return recording.results;
}

describe('OpenTelemetry JS SDK', () => {
  it('OTLP/JSON exporter: every record stored with source, stream, time, level, trace ids and fields', async () => {
    const exporter = new JsonExporter({ url: `${server.url}/v1/logs`, headers: { authorization: `Bearer ${TEST_INGEST_KEY}` } });
    const results = await emitAll(exporter, { 'service.name': 'checkout', 'service.instance.id': 'pod-7', 'deployment.environment.name': 'prod' }, (provider) => {
      const logger = provider.getLogger('checkout.http', '1.2.3');
      const span = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
      logger.emit({
        timestamp: T,
        severityNumber: SeverityNumber.WARN,
        severityText: 'WARN',
        body: 'payment slow for order 123',
        attributes: { 'http.route': '/pay', 'user.id': 'u-42', duration_ms: 812, retry: true },
        context: span,
      });
      logger.emit({ timestamp: T + 1, severityNumber: SeverityNumber.ERROR2, body: { message: 'structured', order: { id: 'o-1', total: 19.5 } } });
      logger.emit({ timestamp: T + 2, severityNumber: SeverityNumber.FATAL, body: new Uint8Array([104, 105]), eventName: 'checkout.crashed' });
    });
    expect(results.map((r) => r.code)).toEqual([0]);

    const events = await readEvents(server.url, cookie, 'checkout');
    expect(events).toHaveLength(3);
    const [fatal, structured, slow] = events; // newest first
    expect(slow).toMatchObject({ log: 'checkout', logStream: 'pod-7', timestamp: T });
    expect(slow.fields).toMatchObject({
      message: 'payment slow for order 123',
      level: 'warn',
      'trace.id': TRACE_ID,
      'span.id': SPAN_ID,
      'http.route': '/pay',
      'user.id': 'u-42',
      duration_ms: 812,
      retry: true,
      'scope.name': 'checkout.http',
      'scope.version': '1.2.3',
      'resource.service.name': 'checkout',
      'resource.deployment.environment.name': 'prod',
    });
    expect(structured.fields).toMatchObject({ message: 'structured', 'order.id': 'o-1', 'order.total': 19.5, level: 'error' });
    expect(structured.fields['trace.id']).toBeUndefined();
    expect(fatal.fields).toMatchObject({ message: 'aGk=', level: 'fatal', event: 'checkout.crashed' });
  });

  it('OTLP/protobuf exporter with gzip, configured only by OTEL_* variables: all 24 severities map to levels', async () => {
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: server.url, // the exporter appends /v1/logs itself
      OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${TEST_INGEST_KEY}`,
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    });
    const exporter = new ProtoExporter();
    const results = await emitAll(exporter, { 'service.name': 'billing', 'host.name': 'host-a' }, (provider) => {
      const logger = provider.getLogger('billing.jobs');
      const span = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
      for (let n = 1; n <= 24; n++) logger.emit({ timestamp: T + n, severityNumber: n, body: `severity ${n}`, attributes: { n }, context: span });
    });
    expect(results.map((r) => r.code)).toEqual([0]);

    const events = await readEvents(server.url, cookie, 'billing');
    expect(events).toHaveLength(24);
    const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
    for (const e of events) {
      const n = Number(e.fields.n);
      expect(e).toMatchObject({ log: 'billing', logStream: 'host-a', timestamp: T + n });
      expect(e.fields).toMatchObject({ message: `severity ${n}`, level: levels[Math.floor((n - 1) / 4)], 'severity.number': n, 'trace.id': TRACE_ID, 'span.id': SPAN_ID, 'scope.name': 'billing.jobs' });
    }
  });
});

describe('standard-library Python client (sdk/python/tests/test_otlp_json.py)', () => {
  it('passes, and its records are stored as sent', async () => {
    const run = spawnSync('python3', ['-m', 'unittest', '-v', 'sdk/python/tests/test_otlp_json.py'], {
      cwd: ROOT,
      env: { ...process.env, LOGLINE_URL: server.url, LOGLINE_INGEST_KEY: TEST_INGEST_KEY },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.error, 'python3 must be installed').toBeUndefined();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Ran [1-9]\d* tests?/);
    expect(run.stderr).not.toMatch(/skipped/);

    const events = await readEvents(server.url, cookie, 'py-worker');
    const byMessage = new Map(events.map((e) => [e.fields.message, e]));
    expect(byMessage.get('nightly import started')).toMatchObject({ logStream: 'worker-1', timestamp: Date.UTC(2026, 10, 24, 3, 0, 0) });
    expect(byMessage.get('nightly import started')?.fields).toMatchObject({ level: 'info', 'job.name': 'import', rows: 18234, 'trace.id': '0af7651916cd43dd8448eb211c80319c' });
    expect(byMessage.get('row rejected')?.fields).toMatchObject({ level: 'warn', 'row.id': 'r-9', 'resource.service.name': 'py-worker' });
    expect(byMessage.get('gzip works')?.fields.level).toBe('error');
    expect(events.some((e) => Object.keys(e.fields).includes('a9999'))).toBe(false);
  });
});
