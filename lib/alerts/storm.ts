// A log storm, one shape for every layer: the storm guard (server/ingest) records and reports it,
// the alerts API lists it, storm rules and their Slack messages tell it.

export interface StormRecord {
  id: string;
  source: string;
  fingerprint: string;
  title: string;
  level: string;
  client: { field: string; value: string; share: number } | null;
  peakRate: number;
  rate: number;
  sampleEvery: number;
  kept: number;
  dropped: number;
  startedAt: number;
  endedAt: number | null;
}

export type StormPhase = 'started' | 'update' | 'ended';

/** What the storm guard reports: a storm's state now. */
export type StormReport = StormRecord & { phase: StormPhase };
