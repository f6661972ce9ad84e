import path from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = path.join(import.meta.dirname, 'test-results', 'e2e-data');
export const E2E_INGEST_KEY = 'e2e-ingest-key-0123456789abcdef';

/**
 * End-to-end tests in Debian's Chromium against the real console with demo data. The server is
 * started fresh (empty data dir → demo data) by Playwright and stopped after the run.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `rm -rf "${DATA_DIR}" && node bin/logline.mjs start`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOGLINE_DATA_DIR: DATA_DIR,
      LOGLINE_DEMO: '1',
      LOGLINE_INGEST_KEY: E2E_INGEST_KEY,
      NEXT_TELEMETRY_DISABLED: '1',
      // e2e/alerts.spec.ts posts to a plain-HTTP receiver on loopback standing in for Slack.
      LOGLINE_ALERTS_ALLOW_LOOPBACK_HTTP: '1',
    },
  },
});
