import type { Page } from '@playwright/test';

/**
 * From now on the page logs every key and pointer press it receives, so that a keyboard-only test
 * counts what reached the page (a step that needed one more key, a Tab or a click, cannot hide)
 * rather than what the test meant to send.
 */
export async function logInput(page: Page): Promise<void> {
  await page.evaluate(() => {
    const received: string[] = [];
    (window as unknown as { received: string[] }).received = received;
    for (const type of ['keydown', 'pointerdown', 'mousedown', 'touchstart'] as const) {
      window.addEventListener(type, (event) => received.push(event instanceof KeyboardEvent ? event.key : type), true);
    }
  });
}

/** The keys (by name) and pointer presses (by event type) the page received since logInput. */
export const inputReceived = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { received: string[] }).received);
