import { expect, type Page } from '@playwright/test';

/** The demo accounts the e2e server creates with its demo data (see README). */
export const ACCOUNTS = {
  admin: { email: 'admin@demo.logline.dev', password: 'logline-admin' },
  developer: { email: 'developer@demo.logline.dev', password: 'logline-developer' },
  viewer: { email: 'viewer@demo.logline.dev', password: 'logline-viewer' },
} as const;

export type AccountName = keyof typeof ACCOUNTS;

/** Signs in through the sign-in page, as a person would, and waits for the console. */
export async function signInAs(page: Page, who: AccountName): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('E-mail').fill(ACCOUNTS[who].email);
  await page.getByLabel('Password').fill(ACCOUNTS[who].password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('current-user')).toContainText(who);
}
