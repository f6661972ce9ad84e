import { expect, type Locator, type Page } from '@playwright/test';

/** The Explore page as a user sees it. */
export class ExplorePage {
  readonly rows: Locator;
  readonly editor: Locator;
  readonly chips: Locator;
  readonly facts: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('result-row');
    this.editor = page.getByLabel('Query (Logs Insights QL)');
    this.chips = page.getByTestId('filter-chip');
    this.facts = page.getByTestId('query-facts');
  }

  async open(params = ''): Promise<void> {
    await this.page.goto(`/explore${params}`);
    await expect(this.page.getByRole('heading', { name: 'Builder' })).toBeVisible();
  }

  source(name: string): Locator {
    return this.page.getByRole('group', { name: 'Sources' }).getByRole('button', { name, exact: true });
  }

  async typeQuery(text: string): Promise<void> {
    await this.editor.fill(text);
    await this.editor.press('Control+Enter');
  }

  async addFilter(field: string, op: string, value?: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Add filter' });
    await form.getByLabel('Field').fill(field);
    await form.getByLabel('Operator').selectOption({ label: op });
    if (value !== undefined) await form.getByLabel('Value').fill(value);
    await form.getByRole('button', { name: 'Add filter' }).click();
  }

  async waitForResults(): Promise<void> {
    await expect(this.facts).toBeVisible();
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: false });
  }
}
