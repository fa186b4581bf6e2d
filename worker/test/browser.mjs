// Debian's Chromium for the browser tests, launched as this machine allows: Playwright's
// own browser download does not work here, and a closed network refuses Chromium's
// background connections.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Sends the report as a reporter does with the module running: Review, then, on the review
 * step, tick the declaration's box and Send.
 */
export async function reviewAndSend(page) {
  await page.click('#submit');
  await page.locator('#review-summary').waitFor({ state: 'visible', timeout: 10000 });
  await page.check('#declaration');
  await page.click('#submit');
}
