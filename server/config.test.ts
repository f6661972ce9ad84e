import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that start the local mode with demo data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, mode: 'local', demo: true, maxBodyBytes: 5 * 1024 * 1024 });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });
  it('reads every variable', () => {
    const c = loadConfig({ PORT: '4000', LOGLINE_MODE: 'aws', LOGLINE_DEMO: '0', LOGLINE_INGEST_KEY: 'k'.repeat(20), LOGLINE_MAX_BODY_BYTES: '2048' });
    expect(c).toMatchObject({ port: 4000, mode: 'aws', demo: false, ingestKey: 'k'.repeat(20), maxBodyBytes: 2048 });
  });
  it('AWS mode: the Logs Insights price and concurrency', () => {
    expect(loadConfig({}).aws).toMatchObject({ insightsPricePerGb: 0.005, insightsMaxConcurrent: 10 });
    expect(loadConfig({ LOGLINE_INSIGHTS_PRICE_PER_GB: '0.0063', LOGLINE_INSIGHTS_MAX_CONCURRENT: '4' }).aws).toMatchObject({ insightsPricePerGb: 0.0063, insightsMaxConcurrent: 4 });
    expect(() => loadConfig({ LOGLINE_INSIGHTS_PRICE_PER_GB: '-1' })).toThrow(/LOGLINE_INSIGHTS_PRICE_PER_GB/);
  });
  it('refuses bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOGLINE_MODE: 'cloud' })).toThrow(/LOGLINE_MODE/);
    expect(() => loadConfig({ LOGLINE_INGEST_KEY: 'short' })).toThrow(/at least 16 characters/);
    expect(() => loadConfig({ LOGLINE_DEMO: 'maybe' })).toThrow(/LOGLINE_DEMO/);
  });
});
