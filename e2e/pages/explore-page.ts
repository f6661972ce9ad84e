import { expect, type Locator, type Page } from '@playwright/test';

/** The Explore page as a user sees it. */
export class ExplorePage {
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('event-row');
  }

  async open(): Promise<void> {
    await this.page.goto('/explore');
    await expect(this.page.getByRole('heading', { name: 'Latest events' })).toBeVisible();
  }

  source(name: string): Locator {
    return this.page.getByRole('group', { name: 'Sources' }).getByRole('button', { name, exact: true });
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: false });
  }
}
