import type { Locator, Page } from '@playwright/test';

/** What a till on a shared book says about it: the calm banner while it is out of reach, and the header's count of what waits to be sent. */
export class SharedBookStatus {
  readonly outOfReach: Locator;
  readonly waiting: Locator;

  constructor(readonly page: Page) {
    this.outOfReach = page.getByRole('status', { name: 'Shared book out of reach' });
    this.waiting = page.getByRole('banner').getByRole('status', { name: 'Waiting to be sent' });
  }

  /** The confirmation a sale or note kept on this PC gets. */
  keptToast(title: string): Locator {
    return this.page.locator('.mantine-Notification-root').filter({ hasText: title }).filter({ hasText: 'Kept on this PC — it will be sent when the shared book is back' });
  }

  /** What a screen that needs the book says in its place ("Searching needs the shared book, …"). */
  needs(what: string): Locator {
    return this.page.getByText(`${what} needs the shared book, which is out of reach right now`);
  }
}
