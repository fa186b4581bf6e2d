// Debian's Chromium for the browser tests, launched as this machine allows: Playwright's
// own browser download does not work here, and a closed network refuses Chromium's
// background connections.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { startWorker } from './wrangler.mjs';

/** @param {string[]} [extraArgs] more command-line switches (make bench passes V8's) */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
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
  // The rights holder's declaration too, where the category asks for it.
  if (await page.isVisible('#rights_declaration')) await page.check('#rights_declaration');
  // Scrolled to first: with Turnstile's cross-origin frame above the button, a click that
  // Playwright scrolls to itself went to no element of the page (seen in Chromium 156,
  // once the privacy notice pushed the button below the fold).
  await page.locator('#submit').scrollIntoViewIfNeeded();
  await page.click('#submit');
}

/**
 * Waits for the receipt. Should it not come, the error says what the page shows instead
 * (its problems, its status, the button), which a timeout alone does not.
 */
export async function waitForReceipt(page, timeout = 20000) {
  try {
    await page.locator('#receipt').waitFor({ timeout });
  } catch (err) {
    const state = await page.evaluate(() => ({
      url: location.href,
      summary: document.getElementById('error-summary')?.hidden === false ? document.getElementById('error-summary').textContent : null,
      status: document.getElementById('form-status')?.textContent ?? null,
      button: document.getElementById('submit')?.outerHTML ?? null,
      declaration: document.getElementById('declaration')?.checked ?? null,
    })).catch((e) => ({ unreadable: e.message }));
    err.message += `\nthe page instead: ${JSON.stringify(state)}`;
    throw err;
  }
}

/**
 * Starts the form's module as a reporter does, with a click on the first field, and waits
 * until it is ready. Should it not be, the error tells what the page fetched and logged
 * since the click, which a timeout alone does not.
 */
export async function startModule(page, timeout = 15000) {
  const seen = [];
  const t0 = Date.now();
  const note = (what) => seen.push(`${Date.now() - t0} ms ${what}`);
  const onRequest = (r) => note(`request ${r.url()}`);
  const onFinished = async (r) => note(`finished ${r.url()} ${(await r.response())?.status()}`);
  const onFailed = (r) => note(`failed ${r.url()} ${r.failure()?.errorText}`);
  const onConsole = (m) => note(`console.${m.type()} ${m.text()}`);
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  page.on('requestfailed', onFailed);
  page.on('console', onConsole);
  try {
    // The first question: the rest of the form shows once it and the category are answered.
    await page.click('#requester');
    await page.waitForSelector('html[data-wasm=ready]', { timeout });
  } catch (err) {
    err.message += `\nsince the click:\n${seen.join('\n')}`;
    throw err;
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onFinished);
    page.off('requestfailed', onFailed);
    page.off('console', onConsole);
  }
}

/**
 * The Worker under wrangler dev and Debian's Chromium for the browser suites of one test
 * file: started before its tests, stopped after them. The returned object's worker and
 * browser are set once the tests run.
 * @returns {{worker: Awaited<ReturnType<typeof startWorker>>, browser: import('playwright-core').Browser}}
 */
export function workerAndBrowser() {
  const suite = {};
  before(async () => {
    suite.worker = await startWorker();
    suite.browser = await launchChromium();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.worker?.stop();
  });
  return suite;
}
