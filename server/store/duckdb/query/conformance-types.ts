// Shape of the conformance cases over ../shared/reference/insights-samples.txt: for each sample,
// fixture events built so its documented meaning can be checked, and the check itself.
import type { QueryResult, ResultValue } from '../../query-result';
import { formatTimestamp } from './result';
import type { Fixture } from './testing';

export interface SampleCase {
  /** A substring that identifies the sample's query text (unique in the samples file). */
  find: string;
  /** Events placed relative to the case's base time (each case owns one day). */
  events?: Fixture[];
  /** Query range relative to the base (default: the whole day). */
  range?: { from: number; to: number };
  /** Sources the query reads (the log groups selected in the console); all when omitted. */
  sources?: string[];
  /** Overrides the base time (for now()-relative samples). */
  base?: () => number;
  /** Asserts the documented meaning on the result. */
  check?: (r: QueryResult, base: number) => void;
  /** The engine must refuse it as AWS-only, with a message matching this. */
  refused?: RegExp;
  /** The docs present it as invalid; the engine must reject it with this message. */
  invalid?: RegExp;
  /** The sample does not parse (broken in the docs); run this corrected text instead. */
  fixed?: (text: string) => string;
}

/** @timestamp as results print it. */
export const ts = (ms: number): string => formatTimestamp(ms);

export const tuples = (r: QueryResult, ...names: string[]): ResultValue[][] => r.rows.map((row) => names.map((n) => row[n] ?? null));
export const column = (r: QueryResult, name: string): ResultValue[] => r.rows.map((row) => row[name] ?? null);
