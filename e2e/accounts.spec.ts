import { expect, test } from '@playwright/test';
import { signInAs } from './support/accounts';

test('signing in: wrong password is refused with a clear message, viewers land on the dashboards', async ({ page }) => {
  await page.goto('/explore');
  await expect(page).toHaveURL(/\/signin/);
  await page.getByLabel('E-mail').fill('viewer@demo.logline.dev');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('form').getByRole('alert')).toContainText('do not match');
  await signInAs(page, 'viewer');
  await expect(page).toHaveURL(/\/dashboards$/);
  await expect(page.getByRole('link', { name: 'Explore' })).toHaveCount(0);
  await page.goto('/explore');
  await expect(page).toHaveURL(/\/forbidden\?need=developer/);
  await expect(page.getByRole('heading')).toContainText('more access');
});

test('an admin creates and locks a query; a viewer finds it and cannot edit it', async ({ page, browser }) => {
  const name = `Checkout failures ${Date.now()}`;
  await signInAs(page, 'admin');
  await page.goto('/queries/new');
  const form = page.getByRole('form', { name: 'Saved query' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Folder').fill('Payments');
  await form.getByLabel('Query text').fill('filter level = "error" and route like "/api/checkout"\n| stats count(*) as errors by bin(1h)');
  await form.getByLabel('Visibility').selectOption('team');
  await form.getByLabel(/Official/).check();
  await form.getByRole('button', { name: 'Save query' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('Official', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/query-detail-admin.png' });

  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await signInAs(viewer, 'viewer');
  await viewer.getByRole('link', { name: 'Queries' }).click();
  await viewer.getByRole('searchbox', { name: 'Search queries' }).fill('checkout failures');
  await viewer.getByRole('link', { name }).click();
  await expect(viewer.getByTestId('query-text')).toContainText('stats count(*) as errors by bin(1h)');
  await expect(viewer.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await viewer.getByLabel('Run over').selectOption('8w');
  await viewer.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(viewer.getByTestId('query-facts')).toContainText('events matched');
  await expect(viewer.getByText('only admins change it')).toBeVisible();
  await viewerContext.close();
});

test('a developer saves a private query that others do not see', async ({ page, browser }) => {
  const name = `My slow requests ${Date.now()}`;
  await signInAs(page, 'developer');
  await page.goto('/queries');
  await page.getByRole('link', { name: 'New query' }).click();
  const form = page.getByRole('form', { name: 'Saved query' });
  await expect(form.getByLabel('Visibility')).toBeDisabled();
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Query text').fill('filter duration_ms > 1000 | sort duration_ms desc');
  await form.getByRole('button', { name: 'Save query' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // A broken query is refused with the parser's position, and nothing is saved.
  await page.getByRole('button', { name: 'Edit' }).click();
  await form.getByLabel('Query text').fill('filter duration_ms > | sort');
  await form.getByRole('button', { name: /Save version 2/ }).click();
  await expect(form.getByRole('alert')).toContainText('does not parse');
  await form.getByRole('button', { name: 'Cancel' }).click();

  for (const other of ['viewer', 'admin'] as const) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await signInAs(p, other);
    await p.goto('/queries');
    await expect(p.getByTestId('saved-query').first()).toBeVisible();
    await expect(p.getByText(name)).toHaveCount(0);
    await ctx.close();
  }
});

test('the starter library is there for a new team', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/queries');
  await page.getByRole('link', { name: 'Feature adoption per week' }).click();
  await page.getByLabel('Run over').selectOption('8w');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByTestId('stats-chart')).toBeVisible();
  await expect(page.getByTestId('result-row').filter({ hasText: 'assignment-dashboard' }).first()).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/saved-query-run.png' });
  await page.goto('/queries');
  for (const name of ['Error rate by route', 'Slowest endpoints (p95)', 'Client errors by page', 'Feature adoption per week', 'Unique users per week', 'Top storm suspects by fingerprint']) {
    await expect(page.getByRole('link', { name })).toBeVisible();
  }
  await page.screenshot({ path: 'e2e/screenshots/query-library.png' });
});

test('admins manage users and keys; a new key is shown once', async ({ page }) => {
  await signInAs(page, 'admin');
  await page.goto('/admin/keys');
  const form = page.getByRole('form', { name: 'New ingest key' });
  await form.getByLabel('Name').fill('e2e web client');
  await form.getByLabel('Source (optional)').fill('web');
  await form.getByRole('button', { name: 'Create ingest key' }).click();
  const secret = await page.getByTestId('secret').textContent();
  expect(secret).toMatch(/^lk_/);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('secret')).toHaveCount(0);
  await expect(page.getByTestId('key-row').filter({ hasText: 'e2e web client' })).toContainText('ingest → web');
  await page.screenshot({ path: 'e2e/screenshots/admin-keys.png' });

  await page.goto('/admin/users');
  await expect(page.getByTestId('user-row')).toHaveCount(3);
  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit-row').first()).toContainText('ingest.create');
});
