import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_INGEST_KEY } from '../playwright.config';
import { ExplorePage } from './pages/explore-page';
import { signInAs } from './support/accounts';

test.beforeEach(async ({ page }) => {
  await signInAs(page, 'developer');
});

test('the console opens on Explore with the latest demo events, and an empty result says what to do', async ({ page }) => {
  const explore = new ExplorePage(page);
  await expect(page).toHaveURL(/\/explore/);
  await explore.waitForResults();
  await expect(explore.rows.first()).toBeVisible();
  for (const source of ['api', 'web', 'app', 'batch']) await expect(explore.source(source)).toBeVisible();
  await expect(explore.facts).toContainText('events matched');
  await explore.screenshot('explore-results');

  await explore.typeQuery('filter @message like "no-such-text-anywhere-42"');
  await expect(page.getByText('No events match in this range')).toBeVisible();
  await explore.screenshot('explore-empty');
});

test('build "errors per route per hour" with clicks only: QL text and a chart', async ({ page }) => {
  const explore = new ExplorePage(page);
  await explore.open('?last=7d&q=' + encodeURIComponent('fields @timestamp, @message'));
  await explore.waitForResults();
  await explore.addFilter('level', 'is', 'error');
  await expect(explore.chips).toHaveCount(1);
  const summarize = page.getByRole('group', { name: 'Summarize' });
  await summarize.getByLabel('Aggregation').selectOption({ label: 'Count' });
  await summarize.getByLabel('Group by').selectOption('route');
  await summarize.getByLabel('Time bin').selectOption('1h');
  await expect(explore.editor).toHaveValue('filter level = "error"\n| stats count(*) as events by route, bin(1h)');
  await expect(page.getByTestId('explanation')).toContainText(/count/i);
  await expect(page.getByTestId('stats-chart')).toBeVisible();
  await expect(page.getByTestId('stats-chart').locator('.recharts-line').first()).toBeVisible();
  await expect(explore.rows.first()).toBeVisible();
  await explore.screenshot('explore-stats-chart');
});

test('typed QL shows as chips, and a query the builder cannot show is left intact', async ({ page }) => {
  const explore = new ExplorePage(page);
  await explore.open();
  await explore.typeQuery('filter status >= 500 and method in ["GET", "POST"] and not route like "/api/me"\n| sort @timestamp desc\n| limit 50');
  await expect(explore.chips).toHaveCount(3);
  await expect(explore.chips.nth(0)).toContainText('status ≥ 500');
  await expect(explore.chips.nth(1)).toContainText('method is one of GET, POST');
  await expect(explore.chips.nth(2)).toContainText('NOT');
  await explore.waitForResults();

  const parseQuery = 'parse @message "* * * in *ms" as verb, path, code, ms\n| stats avg(ms) by verb';
  await explore.typeQuery(parseQuery);
  await expect(page.getByTestId('builder-notice')).toContainText('cannot show `parse`');
  await expect(explore.editor).toHaveValue(parseQuery);
});

test('a syntax error is marked where it is, and the run button waits for a fix', async ({ page }) => {
  const explore = new ExplorePage(page);
  await explore.open();
  await explore.editor.fill('filter level = \n| stats count(*)');
  await expect(page.getByTestId('ql-error')).toContainText('Line 2');
  await expect(page.getByRole('button', { name: /^Run/ })).toBeDisabled();
});

test('clicking a facet value adds the filter; the shared URL reproduces the view', async ({ page, browser }) => {
  const explore = new ExplorePage(page);
  // An absolute range, so the shared link must reproduce exactly the same counts.
  const end = Date.now();
  const range = `start=${end - 7 * 86_400_000}&end=${end}`;
  await explore.open(`?${range}&q=` + encodeURIComponent('fields @timestamp, @log, level, @message | sort @timestamp desc | limit 200'));
  await explore.waitForResults();
  const levels = page.getByTestId('facet-level');
  await expect(levels).toBeVisible();
  await levels.getByRole('button', { name: 'warn', exact: true }).click();
  await expect(explore.editor).toHaveValue(/filter level = "warn"/);
  await expect(explore.chips).toHaveCount(1);
  await explore.waitForResults();
  await expect(explore.rows.first()).toContainText('warn');
  const facts = await explore.facts.textContent();
  const matched = facts?.match(/([\d,]+) of/)?.[1];

  const other = await browser.newContext();
  const second = await other.newPage();
  await signInAs(second, 'developer');
  await second.goto(page.url());
  const again = new ExplorePage(second);
  await again.waitForResults();
  await expect(again.editor).toHaveValue(await explore.editor.inputValue());
  await expect(again.facts).toContainText(`${matched} of`);
  await other.close();
});

test('a row opens its fields; include filter and show in context; export CSV', async ({ page }) => {
  const explore = new ExplorePage(page);
  await explore.open('?last=7d&q=' + encodeURIComponent('filter @log = "api" | fields @timestamp, route, status, @message | sort @timestamp desc | limit 100'));
  await explore.waitForResults();
  await explore.rows.first().click();
  const detail = page.getByTestId('event-detail');
  await expect(detail).toContainText('route');
  await expect(detail).toContainText('request');
  await page.getByRole('button', { name: 'Show in context' }).click();
  await expect(page.getByTestId('context-events').locator('li').first()).toBeVisible();
  await page.getByRole('button', { name: '← Details' }).click();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'CSV' }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('@timestamp,route,status,@message');
  expect(csv.split('\r\n').length).toBeGreaterThan(50);
});

test('a hostile log message renders as inert text', async ({ page, request }) => {
  const marker = `e2e-${Date.now()}`;
  const hostile = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> javascript:alert(1) ${marker}`;
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const res = await request.post('/api/ingest', { headers: { authorization: `Bearer ${E2E_INGEST_KEY}` }, data: { source: 'e2e', level: 'ERROR', message: hostile, user_id: 42 } });
  expect(res.status()).toBe(202);

  const explore = new ExplorePage(page);
  await explore.open('?last=15m&q=' + encodeURIComponent(`filter @message like "${marker}" | fields @timestamp, level, message`));
  const row = explore.rows.filter({ hasText: marker });
  await expect(row).toBeVisible();
  await expect(row).toContainText('<script>window.__pwned=1</script>');
  await row.click();
  await expect(page.getByTestId('event-detail')).toContainText('onerror');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('[role=table] script, [role=table] img, [data-testid=event-detail] img').count()).toBe(0);
  expect(dialogs).toBe(0);
});
