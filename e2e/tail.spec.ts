import { expect, test } from '@playwright/test';
import { E2E_INGEST_KEY } from '../playwright.config';
import { signInAs } from './support/accounts';

test('live tail shows only matching events as they arrive; pause buffers, resume shows them', async ({ page, request }) => {
  const tag = `tail-${Date.now()}`;
  const send = async (events: object[]) => {
    const res = await request.post('/api/ingest', { headers: { authorization: `Bearer ${E2E_INGEST_KEY}` }, data: events });
    expect(res.status()).toBe(202);
  };
  await signInAs(page, 'developer');
  await page.goto('/tail');
  await page.getByLabel('Filter', { exact: true }).fill(`level = "error" and tag = "${tag}"`);
  await page.getByLabel('Highlight').fill('payment');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('tail-status')).toContainText('live');

  await send([
    { source: 'api', tag, level: 'ERROR', message: 'payment declined for order 1' },
    { source: 'api', tag, level: 'info', message: 'all good' },
    { source: 'web', tag, level: 'error', message: 'payment widget crashed' },
    { source: 'api', tag: 'other', level: 'error', message: 'not ours' },
  ]);
  const rows = page.getByTestId('tail-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('payment declined for order 1');
  await expect(rows.nth(1)).toContainText('payment widget crashed');
  await expect(page.locator('mark', { hasText: 'payment' })).toHaveCount(2);
  await page.screenshot({ path: 'e2e/screenshots/tail-live.png' });

  await page.getByRole('button', { name: 'Pause' }).click();
  await send(Array.from({ length: 5 }, (_, i) => ({ source: 'api', tag, level: 'error', message: `while paused ${i}` })));
  await expect(page.getByTestId('tail-buffered')).toHaveText('5');
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(rows).toHaveCount(7);
  await expect(rows.last()).toContainText('while paused 4');

  await rows.first().click();
  await expect(page.locator('pre', { hasText: '"@log": "api"' })).toBeVisible();
  const explore = page.getByRole('link', { name: /Open in Explore/ });
  await expect(explore).toHaveAttribute('href', /last=15m/);
});

test('a bad live-tail filter says where it is wrong', async ({ page }) => {
  await signInAs(page, 'developer');
  await page.goto('/tail');
  await page.getByLabel('Filter', { exact: true }).fill('level = ');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'line 1' })).toBeVisible();
});
