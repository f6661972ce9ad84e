import { expect, test } from '@playwright/test';
import { E2E_INGEST_KEY } from '../playwright.config';
import { ExplorePage } from './pages/explore-page';
import { signInAs } from './support/accounts';

test.beforeEach(async ({ page }) => {
  await signInAs(page, 'developer');
});

test('the console opens on Explore and lists demo events', async ({ page }) => {
  const explore = new ExplorePage(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/explore$/);
  await expect(explore.rows.first()).toBeVisible();
  expect(await explore.rows.count()).toBe(100);
  for (const source of ['api', 'web', 'app', 'batch']) await expect(explore.source(source)).toBeVisible();
  await explore.screenshot('explore-latest');
});

test('a row expands to show its flattened fields and raw JSON', async ({ page }) => {
  const explore = new ExplorePage(page);
  await explore.open();
  await explore.source('api').click();
  await expect(explore.source('api')).toHaveAttribute('aria-pressed', 'true');
  await expect(explore.rows.first()).toContainText('api');
  await explore.rows.first().click();
  const detail = page.getByTestId('event-detail');
  await expect(detail).toContainText('@logStream');
  await expect(detail).toContainText('request.id');
  await expect(detail).toContainText('route');
  await explore.screenshot('explore-expanded');
});

test('an event sent to the ingest API appears, and hostile text stays text', async ({ page, request }) => {
  const marker = `e2e-${Date.now()}`;
  const hostile = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> javascript:alert(1) ${marker}`;
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const res = await request.post('/api/ingest', {
    headers: { authorization: `Bearer ${E2E_INGEST_KEY}` },
    data: { source: 'e2e', level: 'ERROR', message: hostile, user_id: 42 },
  });
  expect(res.status()).toBe(202);
  expect(await res.json()).toEqual({ accepted: 1 });

  const explore = new ExplorePage(page);
  await explore.open();
  const row = explore.row(marker);
  await expect(row).toBeVisible();
  await expect(row).toContainText('<script>window.__pwned=1</script>');
  await expect(row).toContainText('error');
  await row.click();
  await expect(page.getByTestId('event-detail')).toContainText('"42"');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('tbody script, tbody img').count()).toBe(0);
  expect(dialogs).toBe(0);
  await explore.screenshot('explore-ingested');
});
