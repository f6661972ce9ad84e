import { gunzipSync } from 'node:zlib';

/** An ingest failure with the HTTP status and a message that says what to do. */
export class IngestError extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 415 | 429 | 503,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface LineError {
  index: number;
  error: string;
}

/** What a body holds: values to turn into events, plus the lines that could not be read. */
export interface ParsedBody {
  values: unknown[];
  /** Position of each value in the batch, so per-event errors name the producer's index. */
  indices: number[];
  /** For NDJSON, each value's line as sent (it becomes `@message` without serializing again). */
  texts?: string[];
  errors: LineError[];
  total: number;
}

const JSON_TYPES = new Set(['application/json', 'text/json']);
const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines']);
const TEXT_TYPES = new Set(['text/plain']);

export type BodyFormat = 'json' | 'ndjson' | 'text';

export function bodyFormat(contentType: string | null): BodyFormat {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (JSON_TYPES.has(type)) return 'json';
  if (NDJSON_TYPES.has(type)) return 'ndjson';
  if (TEXT_TYPES.has(type)) return 'text';
  throw new IngestError(415, `unsupported content type "${type || '(none)'}": send application/json, application/x-ndjson or text/plain`);
}

/** Reads a request body, refusing it as soon as it passes `limit` bytes (before or after gzip). */
export async function readBody(body: ReadableStream<Uint8Array> | null, headers: Headers, limit: number): Promise<Buffer> {
  const declared = Number(headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const parts: Buffer[] = [];
  let size = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      parts.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  const raw = Buffer.concat(parts, size);
  const encoding = (headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding !== 'gzip') throw new IngestError(415, `unsupported content encoding "${encoding}": send gzip or no encoding`);
  try {
    return gunzipSync(raw, { maxOutputLength: limit });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new IngestError(400, `the gzip body could not be decompressed (${(error as Error).message}); check that it is complete`);
  }
}

function tooLarge(limit: number): IngestError {
  return new IngestError(413, `request body is larger than ${limit} bytes; send smaller batches`);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a body into values. A JSON body is one object or an array of them; NDJSON (also accepted
 * under a JSON content type when the body is not one JSON document) is one value per line, and a
 * bad line fails alone; text is one plain-text event per line.
 */
export function parseBody(buf: Buffer, format: BodyFormat): ParsedBody {
  if (format === 'json') {
    let text: string;
    try {
      text = decoder.decode(buf);
    } catch {
      return parseLines(buf, 'ndjson');
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not JSON
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      if (text.trimEnd().includes('\n')) return parseLines(buf, 'ndjson');
      throw new IngestError(400, `malformed JSON: ${(error as Error).message}`);
    }
    const values = Array.isArray(doc) ? doc : [doc];
    return { values, indices: values.map((_, i) => i), errors: [], total: values.length };
  }
  return parseLines(buf, format);
}

function parseLines(buf: Buffer, format: 'ndjson' | 'text'): ParsedBody {
  const out: ParsedBody = { values: [], indices: [], errors: [], total: 0, texts: format === 'ndjson' ? [] : undefined };
  let start = 0;
  let index = 0;
  while (start <= buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end === -1) end = buf.length;
    const lineBuf = buf.subarray(start, end);
    start = end + 1;
    let line: string;
    try {
      line = decoder.decode(lineBuf).replace(/\r$/, '');
      if (index === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    } catch {
      out.errors.push({ index, error: 'line is not valid UTF-8' });
      index++;
      continue;
    }
    if (line.trim() === '') continue;
    if (format === 'text') {
      out.values.push(line);
      out.indices.push(index);
    } else {
      try {
        out.values.push(JSON.parse(line));
        out.indices.push(index);
        out.texts!.push(line);
      } catch (error) {
        out.errors.push({ index, error: `malformed JSON: ${(error as Error).message}` });
      }
    }
    index++;
  }
  out.total = index;
  return out;
}
