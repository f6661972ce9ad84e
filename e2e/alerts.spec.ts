import { expect, test } from '@playwright/test';
import { E2E_INGEST_KEY } from '../playwright.config';
import { startSlackReceiver, type SlackReceiver } from '../server/test-support/slack-receiver';
import { signInAs } from './support/accounts';

/** Alerts in the browser. A plain-HTTP receiver on loopback stands in for Slack. */
let slack: SlackReceiver;
test.beforeAll(async () => {
  slack = await startSlackReceiver();
});
test.afterAll(async () => {
  await slack?.close();
});

test('an admin creates an error rule, tests the webhook, and sees the rule alert on a new error', async ({ page, request }) => {
  const name = `Checkout errors ${Date.now()}`;
  const marker = `e2e-${Date.now()}`;
  await signInAs(page, 'admin');
  await page.getByRole('link', { name: 'Alerts' }).click();
  await expect(page.getByRole('heading', { name: 'Alerts' })).toBeVisible();
  await page.getByRole('link', { name: 'New rule' }).click();

  const form = page.getByRole('form', { name: 'Alert rule' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Sources').fill('e2e');
  await form.getByLabel('Slack webhook URL').fill('http://hooks.slack.com/services/T/B/x');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByRole('alert')).toContainText('webhook URLs must use https');

  await form.getByLabel('Slack webhook URL').fill(slack.url('/services/T0E2E/B0E2E/secret-part-123'));
  await form.getByRole('button', { name: 'Send test message' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Delivered' })).toContainText('Delivered (HTTP 200)');
  expect(slack.messages.at(-1)?.message.text).toBe(`Test message from Logline for ${name}`);
  await page.screenshot({ path: 'e2e/screenshots/alerts-new-rule.png', fullPage: true });
  await form.getByRole('button', { name: 'Create rule' }).click();

  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('No matching errors yet')).toBeVisible();
  const hostile = `payment failed <img src=x onerror="window.__pwned=1"> <!channel> ${marker}`;
  const res = await request.post('/api/ingest', { headers: { authorization: `Bearer ${E2E_INGEST_KEY}` }, data: { source: 'e2e', level: 'error', message: hostile, route: '/api/checkout', sessionId: 's-e2e' } });
  expect(res.status()).toBe(202);

  const group = page.getByTestId('alert-group').filter({ hasText: marker });
  await expect(group).toContainText('Alerting', { timeout: 20_000 });
  await expect(group).toContainText('new fingerprint');
  await group.getByRole('button', { name: /payment failed/ }).click();
  await expect(page.locator('pre').filter({ hasText: marker })).toContainText('<img src=x');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByTestId('delivery').filter({ hasText: 'New error in e2e' })).toContainText('Sent', { timeout: 10_000 });
  const alert = slack.messages.find((m) => m.message.text.includes(marker));
  expect(alert?.message.text).toMatch(/^New error in e2e: payment failed/);
  expect(JSON.stringify(alert?.message)).not.toContain('<!channel>');
  await page.screenshot({ path: 'e2e/screenshots/alerts-rule-detail.png', fullPage: true });

  await page.getByLabel('Snooze rule').selectOption({ label: 'for 1 hour' });
  await expect(page.getByText(/Snoozed until/).first()).toBeVisible();

  await page.getByRole('link', { name: 'Rules' }).click();
  const row = page.getByTestId('alert-rule').filter({ hasText: name });
  await expect(row).toContainText('1 alerting');
  await expect(row).toContainText('Snoozed until');
  await expect(row).toContainText('••••');
  await expect(row).not.toContainText('secret-part-123');
  await page.screenshot({ path: 'e2e/screenshots/alerts-rules.png', fullPage: true });

  await page.getByRole('link', { name: 'Delivery history' }).click();
  await expect(page.getByTestId('delivery').first()).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/alerts-deliveries.png', fullPage: true });
});

test('a threshold rule on a team query explains what it reads and shows each group', async ({ page }) => {
  await signInAs(page, 'admin');
  await page.goto('/alerts/new');
  const form = page.getByRole('form', { name: 'Alert rule' });
  await form.getByText('Threshold on a saved query').click();
  await form.getByLabel('Name').fill(`API error rate ${Date.now()}`);
  await form.getByLabel('Saved query', { exact: true }).selectOption({ label: 'API health / Error rate by route' });
  await form.getByLabel('Measure').selectOption('avg');
  await form.getByLabel('Column').selectOption('error_pct');
  await expect(page.getByTestId('measure-help')).toContainText('the mean of the chosen column over the rows of each group');
  await expect(page.getByTestId('measure-help')).toContainText('Groups: route');
  await form.getByRole('spinbutton', { name: 'Threshold', exact: true }).fill('1');
  await form.getByLabel('Window', { exact: true }).fill('1');
  await form.getByLabel('Window unit').selectOption({ label: 'days' });
  await form.getByLabel('Slack webhook URL').fill(slack.url('/services/T0E2E/B0THR/another-secret'));
  await page.screenshot({ path: 'e2e/screenshots/alerts-threshold-form.png', fullPage: true });
  await form.getByRole('button', { name: 'Create rule' }).click();
  await page.getByRole('button', { name: 'Evaluate now' }).click();
  await expect(page.getByTestId('alert-group').first()).toContainText('route=/api/', { timeout: 20_000 });
  await page.screenshot({ path: 'e2e/screenshots/alerts-threshold-detail.png', fullPage: true });
});

test('a log storm shows on the Storms tab with its client and counts', async ({ page, request }) => {
  const body = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ source: 'web', level: 'warn', message: 'Maximum update depth exceeded', component: 'GradebookTable', sessionId: 'sess-e2e-loop', seq: i })).join('\n');
  let sampled = 0;
  for (let i = 0; i < 3; i++) {
    const res = await request.post('/api/ingest', { headers: { authorization: `Bearer ${E2E_INGEST_KEY}`, 'content-type': 'application/x-ndjson' }, data: body });
    expect(res.status()).toBe(202);
    sampled += ((await res.json()) as { sampled?: number }).sampled ?? 0;
  }
  expect(sampled).toBeGreaterThan(0);
  await signInAs(page, 'admin');
  await page.goto('/alerts/storms');
  const storm = page.getByTestId('storm').filter({ hasText: 'sess-e2e-loop' });
  await expect(storm).toContainText('Maximum update depth exceeded');
  await expect(storm).toContainText('session.id');
  await page.screenshot({ path: 'e2e/screenshots/alerts-storms.png', fullPage: true });
});

test('viewers and developers are refused on the server', async ({ browser }) => {
  for (const who of ['viewer', 'developer'] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, who);
    await expect(page.getByRole('link', { name: 'Alerts' })).toHaveCount(0);
    for (const path of ['/alerts', '/alerts/storms', '/alerts/deliveries', '/alerts/new']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/forbidden\?need=admin/);
    }
    const api = await page.request.get('/api/alerts');
    expect(api.status()).toBe(403);
    expect(((await api.json()) as { error: string }).error).toMatch(/needs the admin role/);
    const create = await page.request.post('/api/alerts', { data: { kind: 'storm', name: 'sneaky', webhookUrl: 'https://hooks.slack.com/services/T/B/x' } });
    expect(create.status()).toBe(403);
    await context.close();
  }
});
