import { expect, type Locator, type Page } from '@playwright/test';

/** The feature-adoption page as a PM sees it. */
export class UsagePage {
  readonly rows: Locator;
  readonly comparison: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('feature-row');
    this.comparison = page.getByTestId('comparison-row');
  }

  async open(params = ''): Promise<void> {
    await this.page.goto(`/usage${params}`);
    await expect(this.rows.first()).toBeVisible();
  }

  row(feature: string): Locator {
    return this.page.locator(`[data-testid="feature-row"][data-feature="${feature}"]`);
  }

  async compareAround(markerLabel: RegExp): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Release marker' }).selectOption({ label: await this.markerOption(markerLabel) });
    await expect(this.comparison.first()).toBeVisible();
  }

  private async markerOption(label: RegExp): Promise<string> {
    const options = await this.page.getByRole('combobox', { name: 'Release marker' }).locator('option').allTextContents();
    const found = options.find((o) => label.test(o));
    if (!found) throw new Error(`no release marker matches ${label}: ${options.join(', ')}`);
    return found;
  }
}

/** A dashboard, and how long its panels take to render. */
export class DashboardPage {
  readonly panels: Locator;

  constructor(readonly page: Page) {
    this.panels = page.getByTestId('panel');
  }

  /**
   * Opens the dashboard from the list and waits until every panel has drawn (or failed). Returns
   * the ms from the click to the frame where the last panel drew, measured in the page itself.
   */
  async openAndTime(name: string): Promise<number> {
    await this.page.goto('/dashboards');
    const card = this.page.getByTestId('dashboard-card').filter({ hasText: name });
    await this.page.evaluate(() => ((window as { clickedAt?: number }).clickedAt = undefined));
    await card.evaluate((el) => el.addEventListener('click', () => ((window as { clickedAt?: number }).clickedAt = performance.now()), { once: true }));
    await card.click();
    await expect(this.page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
    const ms = await this.page.waitForFunction(
      () => {
        const panels = document.querySelectorAll('[data-testid="panel"]');
        const busy = document.querySelectorAll('[data-testid="panel"][data-state="loading"]');
        const clicked = (window as { clickedAt?: number }).clickedAt;
        return panels.length > 0 && busy.length === 0 && clicked !== undefined ? performance.now() - clicked : false;
      },
      undefined,
      { polling: 'raf', timeout: 30_000 },
    );
    return Math.round(Number(await ms.jsonValue()));
  }
}
