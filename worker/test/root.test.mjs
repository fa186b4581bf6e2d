// The site's root under wrangler dev: the Worker answers / with the root page, the language
// negotiated from Accept-Language first; in Chromium, lang.js takes the visitor to that
// language, or to the one they chose in the switcher before, which no cookie but
// localStorage keeps. Run by `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerAndBrowser } from './browser.mjs';
import { outcomes } from './outcomes.mjs';

const suite = workerAndBrowser();

// listed are the languages the root page links to, in its order.
const listed = (html) => [...html.matchAll(/<a href="\/([a-z]+)\/" hreflang="\1"/g)].map((m) => m[1]);

for (const [header, want] of [['ru', 'ru'], ['ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7', 'ru'], ['de', 'uk'], ['de-DE,de;q=0.9,en;q=0.5', 'en'], [null, 'uk']]) {
  test(`/ with Accept-Language ${header ?? '(none)'} lists ${want} first`, async () => {
    const res = await fetch(`${suite.worker.url}/`, { headers: header ? { 'accept-language': header } : {}, redirect: 'manual' });
    const html = await res.text();
    assert.equal(res.status, outcomes.Root.status, html);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.equal(res.headers.get('content-language'), want);
    assert.match(res.headers.get('vary') ?? '', /Accept-Language/i);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(res.headers.get('set-cookie'), null);
    assert.match(html, new RegExp(`<html [^>]*data-negotiated="${want}"`));
    const langs = listed(html);
    assert.equal(langs.length, 3, html);
    assert.equal(langs[0], want, html);
    assert.ok(html.includes('<script src="/assets/lang.js" defer></script>'), 'the root page does not load lang.js');
  });
}

test('HEAD / answers the headers alone', async () => {
  const res = await fetch(`${suite.worker.url}/`, { method: 'HEAD', headers: { 'accept-language': 'en' } });
  assert.equal(res.status, outcomes.Root.status);
  assert.equal(res.headers.get('content-language'), 'en');
  assert.equal((await res.arrayBuffer()).byteLength, 0);
});

test('the rest of the site is still the static assets', async () => {
  const res = await fetch(`${suite.worker.url}/ru/`, { headers: { 'accept-language': 'en' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-language'), null, 'the Worker answered a page the assets serve');
  assert.match(await res.text(), /<html lang="ru">/);
});

test('in Chromium, / goes to the negotiated language, and then to the one chosen in the switcher', async () => {
  const context = await suite.browser.newContext({ locale: 'ru-RU', extraHTTPHeaders: { 'accept-language': 'ru-RU,ru;q=0.9' } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  try {
    await page.goto(`${suite.worker.url}/`);
    await page.waitForURL(`${suite.worker.url}/ru/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  } finally {
    await context.close();
  }

  const english = await suite.browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'accept-language': 'en-US,en;q=0.9' } });
  const visit = await english.newPage();
  visit.on('pageerror', (err) => pageErrors.push(err));
  try {
    await visit.goto(`${suite.worker.url}/`);
    await visit.waitForURL(`${suite.worker.url}/en/`);
    await visit.goto(`${suite.worker.url}/en/policy/`);
    await visit.locator('nav.languages a[lang="ru"]').click();
    await visit.waitForURL(`${suite.worker.url}/ru/policy/`);
    // The header still asks for English; the choice wins.
    await visit.goto(`${suite.worker.url}/`);
    await visit.waitForURL(`${suite.worker.url}/ru/`);
    assert.equal(await visit.getAttribute('html', 'lang'), 'ru');
    assert.equal(await visit.evaluate(() => localStorage.getItem('abusedesk.lang')), 'ru');
    // A new choice replaces it.
    await visit.locator('nav.languages a[lang="uk"]').click();
    await visit.waitForURL(`${suite.worker.url}/uk/`);
    await visit.goto(`${suite.worker.url}/`);
    await visit.waitForURL(`${suite.worker.url}/uk/`);
    assert.deepEqual(await english.cookies(), [], 'the site set a cookie');
  } finally {
    await english.close();
  }
  assert.deepEqual(pageErrors, []);
});

test('without JavaScript, / is a list of links, the negotiated language first', async () => {
  const context = await suite.browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'accept-language': 'en' } });
  const page = await context.newPage();
  try {
    await page.goto(`${suite.worker.url}/`);
    assert.equal(new URL(page.url()).pathname, '/');
    const hrefs = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['/en/', '/uk/', '/ru/']);
    await page.click('main a[hreflang="en"]');
    await page.waitForURL(`${suite.worker.url}/en/`);
  } finally {
    await context.close();
  }
});
