import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { expect, test } from '@playwright/test';
import { startMoto, type RunningMoto } from '../server/test-support/moto';
import { startServer, TEST_ADMIN, type RunningServer } from '../server/test-support/spawn-server';

/**
 * /tail in AWS mode: a console of its own against moto_server (the other specs use the local
 * console Playwright starts). moto has no StartLiveTail and API Gateway cannot run here, so this
 * checks the picker and what the page says; the feeds themselves are tested beside their code.
 */
let moto: RunningMoto;
let server: RunningServer;
const lambdas = Array.from({ length: 12 }, (_, i) => `/aws/lambda/service-${String(i).padStart(2, '0')}`);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  moto = await startMoto();
  const logs = new CloudWatchLogsClient(moto.client);
  for (const name of ['/logline/api', '/logline/web', ...lambdas, '/ecs/checkout-worker']) await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  server = await startServer({ env: { ...moto.env, LOGLINE_MODE: 'aws', LOGLINE_TAIL_TOKEN_SECRET: 'e2e-tail-token-secret-0123456789abcdef' } });
});
test.afterAll(async () => {
  await server?.stop();
  await moto?.stop();
});

test('AWS mode: pick up to 10 CloudWatch log groups outside Logline’s own', async ({ page }) => {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel('E-mail').fill(TEST_ADMIN.email);
  await page.getByLabel('Password').fill(TEST_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('current-user')).toContainText('admin');
  await page.goto(`${server.url}/tail`);

  const picker = page.getByRole('group', { name: 'CloudWatch log groups' });
  await expect(picker).toContainText('billed per minute');
  await picker.getByRole('button', { name: 'Add log groups…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pick CloudWatch log groups' });
  const list = dialog.getByRole('list', { name: 'Log groups' });
  await expect(list.getByRole('checkbox')).toHaveCount(13);
  await expect(list).not.toContainText('/logline/');
  await dialog.getByLabel('Search log groups').fill('/aws/lambda/');
  await expect(list.getByRole('checkbox')).toHaveCount(12);
  for (const name of lambdas.slice(0, 10)) await list.getByRole('checkbox', { name }).check();
  await expect(list.getByRole('checkbox', { name: lambdas[10] })).toBeDisabled();
  await expect(dialog).toContainText('Remove one to add another.');
  await expect(picker).toContainText('10/10');
  await page.screenshot({ path: 'e2e/screenshots/tail-aws-picker.png' });

  await dialog.getByRole('button', { name: 'Done' }).click();
  await picker.getByRole('button', { name: `Remove ${lambdas[0]}` }).click();
  await expect(picker).toContainText('9/10');
  // API Gateway is not deployed here (no LOGLINE_TAIL_WS_URL); with only CloudWatch groups picked the page does not need it.
  await page.getByRole('button', { name: 'Start' }).click();
  // moto has no StartLiveTail: the page must say that CloudWatch did not stream, not fail silently.
  await expect(page.getByText(/The CloudWatch Live Tail stream broke|CloudWatch refused the live tail/)).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/tail-aws-started.png' });
});
