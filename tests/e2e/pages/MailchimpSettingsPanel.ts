import { expect, type Locator, type Page } from '@playwright/test';

/** Settings → Mailchimp: connecting an audience, the preview, syncing, and the sync log. */
export class MailchimpSettingsPanel {
  readonly panel: Locator;
  readonly apiKey: Locator;
  readonly advanced: Locator;
  readonly apiAddress: Locator;
  readonly findAudiences: Locator;
  readonly audience: Locator;
  readonly connectButton: Locator;
  readonly connection: Locator;
  readonly previewButton: Locator;
  readonly preview: Locator;
  readonly syncButton: Locator;
  readonly syncProgress: Locator;
  readonly log: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Mailchimp' });
    this.apiKey = this.panel.getByLabel('API key', { exact: true });
    this.advanced = this.panel.getByRole('button', { name: 'Advanced' });
    this.apiAddress = this.panel.getByRole('textbox', { name: 'API address' });
    this.findAudiences = this.panel.getByRole('button', { name: 'Find audiences' });
    this.audience = this.panel.getByRole('combobox', { name: 'Audience' });
    this.connectButton = this.panel.getByRole('button', { name: 'Connect', exact: true });
    this.connection = this.panel.getByTestId('mailchimp-connection');
    this.previewButton = this.panel.getByRole('button', { name: 'Preview', exact: true });
    this.preview = this.panel.getByTestId('mailchimp-preview');
    this.syncButton = this.panel.getByRole('button', { name: 'Sync now' });
    this.syncProgress = this.panel.getByRole('group', { name: 'Sync under way' });
    this.log = this.panel.getByRole('table', { name: 'Sync log' });
  }

  /** Settings from the main navigation, scrolled to the panel. */
  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await this.panel.scrollIntoViewIfNeeded();
    await expect(this.panel.getByRole('heading', { name: 'Mailchimp' })).toBeVisible();
  }

  /** Pastes the key, points at another API address (a test server's), and finds the account's audiences. */
  async findWith(apiKey: string, apiBase: string): Promise<void> {
    await this.apiKey.fill(apiKey);
    await this.advanced.click();
    await this.apiAddress.fill(apiBase);
    await this.findAudiences.click();
  }

  async chooseAudience(label: string | RegExp): Promise<void> {
    await this.audience.click();
    await this.page.getByRole('option', { name: label }).click();
  }

  /** The toast that says a sync is over and what it did; dismissed once read, so the next one is the only one. */
  async expectFinishedToast(counts: string): Promise<void> {
    const toast = this.page.getByRole('alert').filter({ hasText: 'Mailchimp sync done' });
    await expect(toast).toContainText(counts);
    await toast.getByRole('button', { name: 'Dismiss notification' }).click();
    await expect(toast).toHaveCount(0);
  }

  /** Starts a sync and waits for the log's newest row to say how it ended. */
  /** Sync now, then the newest row of the log once it says `outcome`; with `underWay`, the progress shown while the run goes. */
  async syncUntil(outcome: 'Done' | 'Cancelled' | 'Failed', runsBefore: number, underWay?: RegExp): Promise<Locator> {
    await this.syncButton.click();
    if (underWay) {
      await expect(this.syncProgress).toContainText(underWay);
      // Nothing sent yet: a bar at 0%, which has no width to be seen, only its value.
      await expect(this.syncProgress.getByRole('progressbar', { name: 'Sync progress' })).toHaveAttribute('aria-valuetext', '0%');
    }
    const rows = this.log.locator('tbody tr');
    await expect(rows).toHaveCount(runsBefore + 1);
    const newest = rows.first();
    await expect(newest).toContainText(outcome);
    return newest;
  }
}
