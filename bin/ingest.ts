import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';

interface Target {
  url: string;
  key: string;
  source?: string;
}

/** `logline ingest`: streams NDJSON (or one JSON array) from a file or stdin to /api/ingest in batches. */
export async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.LOGLINE_URL ?? 'http://localhost:3000' },
      key: { type: 'string', default: process.env.LOGLINE_INGEST_KEY },
      source: { type: 'string' }, // for events that name no source themselves
      batch: { type: 'string', default: '1000' },
    },
  });
  if (!values.key) {
    console.error('logline ingest: pass --key or set LOGLINE_INGEST_KEY');
    return 2;
  }
  const target: Target = { url: new URL('/api/ingest', values.url).toString(), key: values.key, source: values.source };
  const file = positionals[0] ?? '-';
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  const batchSize = Math.max(1, Number(values.batch) || 1000);

  let batch: string[] = [];
  let sent = 0;
  let refused = 0;
  let firstLine = true;
  // Lines that are not JSON are sent as plain text: one event per line.
  let lineType = 'application/x-ndjson';
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await send(target, batch.join('\n'), lineType);
    sent += r.accepted;
    refused += r.rejected;
    batch = [];
  };
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const rest: string[] = [];
  for await (const line of lines) {
    // A file that is one JSON document (an array, or pretty-printed) is sent whole, as JSON.
    if (firstLine && !/^\s*[[{]/.test(line)) lineType = 'text/plain';
    if (firstLine && /^\s*\[/.test(line)) rest.push(line);
    else if (rest.length > 0) rest.push(line);
    else if (line.trim() !== '') {
      batch.push(line);
      if (batch.length >= batchSize) await flush();
    }
    firstLine = false;
  }
  if (rest.length > 0) {
    const r = await send(target, rest.join('\n'), 'application/json');
    sent += r.accepted;
    refused += r.rejected;
  }
  await flush();
  console.log(`accepted ${sent} events${refused ? `, refused ${refused}` : ''}`);
  return refused > 0 ? 1 : 0;
}

async function send(target: Target, body: string, contentType: string): Promise<{ accepted: number; rejected: number }> {
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { authorization: `Bearer ${target.key}`, 'content-type': contentType };
    if (target.source) headers['x-logline-source'] = target.source;
    const res = await fetch(target.url, { method: 'POST', headers, body });
    const answer = (await res.json().catch(() => ({}))) as { accepted?: number; rejected?: number; error?: string; errors?: { index: number; error: string }[] };
    if (res.status === 429 || res.status === 503) {
      if (attempt >= 8) throw new Error(`Logline stayed busy: ${answer.error ?? res.status}`);
      const wait = Number(res.headers.get('retry-after') ?? '1') * 1000 * 2 ** Math.min(attempt, 4);
      await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    if (res.status === 202) return { accepted: answer.accepted ?? 0, rejected: 0 };
    if (res.status === 400 && answer.accepted !== undefined) {
      for (const e of answer.errors ?? []) console.error(`  event ${e.index}: ${e.error}`);
      return { accepted: answer.accepted, rejected: answer.rejected ?? 0 };
    }
    throw new Error(`ingest failed (${res.status}): ${answer.error ?? 'no message'}`);
  }
}
