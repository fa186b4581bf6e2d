// The multilingual site in Chromium, served by the Worker's static assets under wrangler
// dev: every page's language switcher leads to the same document in the other language,
// translations say which version binds, the pages are sent with the security headers, and
// nothing sets a cookie. Run by `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerAndBrowser } from './browser.mjs';

const languages = ['uk', 'ru', 'en'];
const documents = ['', 'policy/', 'procedure/', 'expect/', 'privacy/', 'report/'];

const suite = workerAndBrowser();

test('the language switcher leads to the same document in every language', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  for (const doc of documents) {
    for (const from of languages) {
      for (const to of languages.filter((l) => l !== from)) {
        await page.goto(`${suite.worker.url}/${from}/${doc}`);
        await page.locator(`nav.languages a[lang="${to}"]`).click();
        await page.waitForURL(`${suite.worker.url}/${to}/${doc}`);
        assert.equal(await page.getAttribute('html', 'lang'), to);
        // The page reached names the one we came from as its translation.
        const back = await page.getAttribute(`link[rel="alternate"][hreflang="${from}"]`, 'href');
        assert.equal(new URL(back).pathname, `/${from}/${doc}`, `${from}/${doc} → ${to}`);
        const current = await page.getAttribute('nav.languages a[aria-current="page"]', 'lang');
        assert.equal(current, to);
      }
    }
  }
  assert.deepEqual(await context.cookies(), [], 'the site set a cookie');
  await context.close();
});

test('translations of a legal document point to the binding version', async () => {
  const page = await suite.browser.newPage();
  for (const [lang, words] of [['ru', 'Юридическую силу имеет украинская версия'], ['en', 'The Ukrainian version of this document is legally binding']]) {
    await page.goto(`${suite.worker.url}/${lang}/policy/`);
    const notice = page.locator('.translation-notice');
    assert.match(await notice.innerText(), new RegExp(words));
    await notice.locator('a').click();
    await page.waitForURL(`${suite.worker.url}/uk/policy/`);
    assert.equal(await page.locator('.translation-notice').count(), 0, 'the binding version calls itself a translation');
  }
  await page.close();
});

test('pages are sent with the security headers and no cookie', async () => {
  for (const path of ['/uk/', '/en/report/', '/assets/app.css']) {
    const res = await fetch(suite.worker.url + path);
    assert.equal(res.status, 200, path);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.doesNotMatch(csp, /unsafe-inline/, path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(res.headers.get('set-cookie'), null, path);
  }
});

test('the category table, the form and the e-mail name the same categories', async () => {
  const page = await suite.browser.newPage();
  await page.goto(`${suite.worker.url}/en/policy/`);
  const tableIds = await page.$$eval('table.rules tr[id^="category-"]', (rows) => rows.map((r) => r.id.slice('category-'.length)));
  await page.goto(`${suite.worker.url}/en/report/`);
  const formIds = await page.$$eval('#category option', (options) => options.map((o) => o.value).filter(Boolean));
  assert.deepEqual(formIds, tableIds);
  assert.ok(tableIds.length > 0);
  await page.close();
});
