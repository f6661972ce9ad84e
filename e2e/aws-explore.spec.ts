import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { expect, test } from '@playwright/test';
import { toLogEvent, type LogEvent } from '../lib/events';
import { startMoto, uniqueName, type RunningMoto } from '../server/test-support/moto';
import { PutLogEventsWriter } from '../server/test-support/put-log-events';
import { startServer, TEST_ADMIN, type RunningServer } from '../server/test-support/spawn-server';
import { ExplorePage } from './pages/explore-page';

/**
 * Explore in AWS mode: its own console (LOGLINE_MODE=aws) against moto_server with a few
 * events. moto answers every Logs Insights query Complete at once, without statistics, and does
 * not implement GetLogGroupFields, so the fields come from the rows shown here.
 */
let moto: RunningMoto;
let server: RunningServer;

const ROUTES = ['/api/assignments', '/api/grades', '/api/me'];
function events(now: number): LogEvent[] {
  const out: LogEvent[] = [];
  for (let i = 0; i < 36; i++) {
    const source = ['api', 'web', 'app'][i % 3];
    const at = now - (36 - i) * 9 * 60_000;
    const route = ROUTES[Math.floor(i / 3) % 3];
    const fields = source === 'api'
      ? { level: i % 7 === 0 ? 'error' : 'info', message: `GET ${route} ${i % 7 === 0 ? 500 : 200} in ${40 + i}ms`, method: 'GET', route, status: i % 7 === 0 ? 500 : 200, duration_ms: 40 + i, userId: 100 + (i % 5) }
      : { level: 'info', event: 'feature_used', feature: i % 2 ? 'gradebook' : 'quiz-builder', message: 'feature_used', session_id: `s-${i % 4}`, userId: 100 + (i % 5) };
    const r = toLogEvent({ ...fields, timestamp: at }, { source, stream: `${source}-instance-1`, receivedAt: at });
    if (r.ok) out.push(r.event);
  }
  return out;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  moto = await startMoto();
  const prefix = `/${uniqueName('logline-e2e')}/`;
  const client = new CloudWatchLogsClient(moto.client);
  await new PutLogEventsWriter(client, prefix).append(events(Date.now()));
  client.destroy();
  server = await startServer({ env: { ...moto.env, LOGLINE_MODE: 'aws', LOGLINE_LOG_GROUP_PREFIX: prefix } });
});
test.afterAll(async () => {
  await server?.stop();
  await moto?.stop();
});

test('Explore in AWS mode: cost of each run, derived queries on demand, a confirmation before a wide range', async ({ page }) => {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel('E-mail').fill(TEST_ADMIN.email);
  await page.getByLabel('Password').fill(TEST_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();

  const explore = new ExplorePage(page);
  await page.goto(`${server.url}/explore?last=6h`);
  await explore.waitForResults();
  await expect(explore.rows.first()).toBeVisible();
  await expect(explore.facts).toContainText('36 rows');
  await expect(page.getByTestId('query-cost')).toHaveText(/\$/);
  for (const source of ['api', 'app', 'web']) await expect(explore.source(source)).toBeVisible();
  await expect(page.getByTestId('volume-on-demand')).toContainText('one more Logs Insights query');
  await expect(page.getByTestId('facets-on-demand')).toContainText('one Logs Insights query');
  await expect(page.getByTestId('fields-note')).toContainText('Fields of the 36 rows shown');
  await explore.screenshot('explore-aws-results');

  await explore.rows.filter({ hasText: 'GET /api/grades' }).first().click();
  await expect(page.getByTestId('event-detail')).toContainText('duration_ms');
  await expect(page.getByTestId('event-detail')).toContainText('user.id');
  await page.getByRole('button', { name: 'Close details' }).click();

  await page.getByLabel('Time range').selectOption('30d');
  const confirm = page.getByTestId('cost-confirm');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('It reads 30 days of logs from all sources');
  await expect(page.getByTestId('cost-confirm-cost')).toHaveText(/\$/);
  await explore.screenshot('explore-aws-confirm');
  await confirm.getByRole('button', { name: 'Don’t run' }).click();
  await expect(page.getByTestId('not-run')).toBeVisible();
  await page.getByRole('button', { name: 'Run it anyway' }).click();
  await expect(page.getByTestId('not-run')).toBeHidden();
  await expect(explore.facts).toContainText('36 rows');
});
