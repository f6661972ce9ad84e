'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { print } from '@/lib/query';
import { wholeEventQuery } from '@/lib/query/derive';
import type { FieldsResult, QueryResult, QueryWait, ResultValue, ValueCount } from '@/lib/query/result-types';
import { parseResultTime } from '@/lib/charts/result-shape';
import { api, apiStream } from '../api/client';

export interface QueryResponse extends QueryResult {
  /** `Running`: the results so far (AWS mode: CloudWatch is still running it, or it was stopped). */
  status: string;
  elapsedMs: number;
}

export interface Range {
  start: number;
  end: number;
}

/**
 * Runs a query; results are cached per query text, range and sources. The answer streams
 * (NDJSON): results so far replace the data while CloudWatch runs the query, and `wait` says
 * where it waits before it starts. Cancelling aborts the request and the server stops the query.
 */
export function useRunQuery(ql: string, range: Range, sources: string[], enabled = true) {
  const client = useQueryClient();
  const [wait, setWait] = useState<QueryWait | null>(null);
  const query = useQuery({
    queryKey: ['query', ql, range.start, range.end, sources],
    queryFn: async ({ signal, queryKey }) => {
      try {
        return await apiStream<QueryResponse>('/api/query', { body: { query: ql, start: range.start, end: range.end, sources }, signal }, (line) => {
          if (line.status === 'Queued') setWait(line as unknown as QueryWait);
          if (line.status === 'Running') {
            setWait(null);
            client.setQueryData(queryKey, line as unknown as QueryResponse);
          }
        });
      } finally {
        setWait(null);
      }
    },
    enabled: enabled && ql.trim().length > 0,
    // Partial results (a stopped run) are never reused as if they were the answer.
    staleTime: (q) => (q.state.data?.status === 'Running' ? 0 : 5 * 60_000),
    retry: false,
  });
  return Object.assign(query, { wait });
}

function rangeQuery(range: Range, sources: string[]): string {
  const p = new URLSearchParams({ start: String(range.start), end: String(range.end) });
  for (const s of sources) p.append('source', s);
  return p.toString();
}

export function useFields(range: Range, sources: string[]) {
  return useQuery({
    queryKey: ['fields', range.start, range.end, sources],
    queryFn: ({ signal }) => api<FieldsResult>(`/api/fields?${rangeQuery(range, sources)}`, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useFieldValues(field: string | null, range: Range, sources: string[]) {
  return useQuery({
    queryKey: ['values', field, range.start, range.end, sources],
    queryFn: ({ signal }) => api<{ values: ValueCount[]; truncated?: boolean }>(`/api/fields/${encodeURIComponent(field!)}/values?${rangeQuery(range, sources)}&limit=20`, { signal }),
    enabled: field !== null && field.length > 0,
    staleTime: 5 * 60_000,
  });
}

export function useSources() {
  return useQuery({ queryKey: ['sources'], queryFn: () => api<{ sources: string[] }>('/api/events?limit=0').then((r) => r.sources), staleTime: 60_000 });
}

/**
 * A row of a `fields …` query holds only those columns; the details panel wants the whole event
 * (all fields, its stream for context), so it is looked up by time and raw line.
 */
export function useWholeEvent(row: Record<string, ResultValue> | undefined, isStats: boolean): Record<string, ResultValue> | undefined {
  const at = row ? parseResultTime(row['@timestamp'] ?? null) : null;
  const message = row?.['@message'];
  const needed = !!row && !isStats && !('@logStream' in row) && at !== null && typeof message === 'string';
  const ql = needed ? print(wholeEventQuery(at!, message as string)) : '';
  const range = { start: (at ?? 0) - 1, end: (at ?? 0) + 1 };
  const found = useRunQuery(ql, range, [], needed);
  return needed ? { ...row, ...(found.data?.rows[0] ?? {}) } : row;
}
