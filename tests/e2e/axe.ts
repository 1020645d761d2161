import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const wcagAA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** The rules whose answer depends on the colours: the only ones a second colour scheme can change. */
const colourRules = ['color-contrast', 'link-in-text-block'];

/**
 * Axe on the screen as it is, in light and then in dark: each scheme has its own colours to pass.
 * The dark pass runs the colour rules only, since a scheme changes colours and nothing else (the
 * roles, names and structure the other rules read are the same page), and a full pass per screen
 * and scheme was minutes of the e2e run.
 */
export async function expectNoSeriousViolations(page: Page, where: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
    // Axe reads colours as they are painted: a colour still on its way (a segmented control's label
    // eases from one scheme's colour to the other's over 200 ms) is a contrast the screen never
    // settles on. Endless animations (a loader) are not waited for.
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity),
    );
    // Only the violations are read: axe then keeps one node of each rule that passed rather than every one, much of its time on a big screen.
    // Legacy mode runs axe in the page itself. The default opens a second, blank page for every pass to
    // join the results of cross-origin frames, which the app has none of: that halved each pass.
    const axe = new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] });
    const results = await (scheme === 'light' ? axe.withTags(wcagAA) : axe.withRules(colourRules)).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const summary = serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(summary, `axe on ${where} `).toEqual([]);
  }
}
