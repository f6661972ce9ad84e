import { expect, test } from '@playwright/test';
import { ExplorePage } from './pages/explore-page';
import { signInAs } from './support/accounts';

test('the correlation timeline of a failed demo request shows the click, the api request and the client error', async ({ page }) => {
  await signInAs(page, 'developer');
  const explore = new ExplorePage(page);
  // A client error that carries the request id of the api call that failed under it.
  await explore.open(`?${new URLSearchParams({ q: 'filter @log = "web" and level = "error" and ispresent(request.id)\n| sort @timestamp desc\n| limit 20', last: '7d' })}`);
  await explore.rows.first().click();
  await page.getByRole('link', { name: 'Trace request' }).click();
  await expect(page).toHaveURL(/\/trace\?by=request\.id/);

  const events = page.getByTestId('trace-event');
  await expect(page.getByTestId('trace-verdict')).toContainText('The server failed first: api');
  const click = events.filter({ hasText: /click on / }).first();
  const request = page.locator('[data-testid="trace-event"][data-source="api"]').first();
  const clientError = page.locator('[data-testid="trace-event"][data-source="web"][data-shared="true"]').first();
  await expect(click).toHaveAttribute('data-source', 'web');
  await expect(click).toHaveAttribute('data-shared', 'false');
  await expect(request).toContainText(/→ 5\d\d/);
  await expect(clientError).toContainText(/error/i);
  // In that order: the click, then the server's failure, then the client's error.
  const order = await events.evaluateAll((els) => els.map((e) => ({ at: `${e.getAttribute('data-source')}:${e.getAttribute('data-shared')}`, click: /click on /.test(e.textContent ?? '') })));
  const iClick = order.findIndex((e) => e.click);
  const iApi = order.findIndex((e) => e.at === 'api:true');
  const iClient = order.findIndex((e) => e.at === 'web:true');
  expect(iClick).toBeGreaterThanOrEqual(0);
  expect(iClick).toBeLessThan(iApi);
  expect(iApi).toBeLessThan(iClient);
  await request.getByRole('button').click();
  await expect(request.locator('pre')).toContainText('"request.id"');
  await page.screenshot({ path: 'e2e/screenshots/trace-request.png', fullPage: true });
});
