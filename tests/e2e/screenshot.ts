import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page, type TestInfo } from '@playwright/test';

/**
 * Screenshots kept as test artifacts; with UPDATE_SCREENSHOTS=1 also written to docs/screenshots/
 * (the README shows some), so an ordinary run does not rewrite committed images.
 */
const docs = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const updateDocs = process.env.UPDATE_SCREENSHOTS === '1';

type Scheme = 'light' | 'dark';

/** A `shot(name)` that screenshots the page as it is, in light and then in dark. */
export function screenshotter(page: Page, testInfo: TestInfo, fileName = (name: string, scheme: Scheme) => `${name}-${scheme}.png`) {
  return async (name: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', scheme);
      const file = fileName(name, scheme);
      // Switching the scheme starts colour transitions (a segmented control's labels, for one): finish
      // them, or a shot can catch a label halfway to its new colour.
      const image = await page.screenshot({ path: testInfo.outputPath(file), animations: 'disabled' });
      if (updateDocs) {
        await mkdir(docs, { recursive: true });
        await writeFile(path.join(docs, file), image);
      }
    }
  };
}
