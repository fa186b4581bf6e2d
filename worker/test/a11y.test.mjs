// Accessibility in Chromium with axe-core (WCAG 2.2 A and AA rules): every page in every
// language, and the form in each of its states. Any violation fails. Run by `make test`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { launchChromium, waitForReceipt, startModule } from './browser.mjs';
import { startWorker } from './wrangler.mjs';

const languages = ['uk', 'ru', 'en'];
const pages = ['', 'policy/', 'procedure/', 'expect/', 'privacy/', 'report/', 'status/', '404.html'];
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let worker;
let browser;
let context;

before(async () => {
  worker = await startWorker();
  browser = await launchChromium();
  // axe is evaluated into the page, which the site's CSP would refuse.
  context = await browser.newContext({ bypassCSP: true });
});

after(async () => {
  await browser?.close();
  await worker?.stop();
});

// violations runs axe on the page as it is now and describes what it finds.
async function violations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const lang of languages) {
  test(`${lang}: every page passes axe`, async () => {
    const page = await context.newPage();
    for (const path of pages) {
      await page.goto(`${worker.url}/${lang}/${path}`);
      assert.deepEqual(await violations(page), [], `/${lang}/${path}`);
    }
    await page.close();
  });

  test(`${lang}: the form passes axe empty, with errors, with the preview and as a receipt`, async () => {
    const page = await context.newPage();
    await page.goto(`${worker.url}/${lang}/report/`);
    await startModule(page);
    assert.deepEqual(await violations(page), [], 'empty');
    await page.click('#submit');
    await page.waitForSelector('#error-summary:not([hidden])');
    assert.deepEqual(await violations(page), [], 'errors');
    await page.selectOption('#requester', 'person');
    await page.selectOption('#category', 'ddos');
    await page.fill('#full_name', 'Test Reporter');
    await page.fill('#resource', 'service.example.net');
    await page.fill('#email', 'reporter@example.com');
    await page.fill('#message', 'Outbound attack from your network.');
    await page.fill('#source_ip', '203.0.113.7');
    await page.fill('#target', '198.51.100.2:443');
    await page.fill('#time_window', '2026-05-01 10:00-10:30 UTC');
    await page.fill('#logs', '10:00:01 SYN flood from 203.0.113.7');
    assert.deepEqual(await violations(page), [], 'preview');
    await page.click('#submit');
    await page.locator('#review-summary').waitFor({ state: 'visible' });
    assert.deepEqual(await violations(page), [], 'review');
    await page.click('#submit');
    await page.waitForSelector('#declaration-error:not([hidden])');
    assert.deepEqual(await violations(page), [], 'review without the declaration');
    await page.check('#declaration');
    await page.click('#submit');
    await waitForReceipt(page);
    assert.deepEqual(await violations(page), [], 'receipt');
    await page.close();
  });
}

// A report's status: the page the status link opens (a report received and forwarded, its
// decision still to come), and the form again when nothing matches; light and dark.
test('the status page passes axe showing a report and saying nothing matched', { timeout: 60_000 }, async () => {
  const res = await fetch(`${worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': '192.0.2.201' },
    body: JSON.stringify({ lang: 'en', requester: 'person', full_name: 'A11y Reporter', email: 'a11y@example.com', category: 'spam',
      resource: 'mx.example.net', message: 'Spam.', channel: 'email', message_headers: 'Received: from mx.example.net', declaration: 'yes' }),
  });
  const answer = await res.json();
  assert.equal(res.status, 201, JSON.stringify(answer));
  const link = new URL(answer.status_url);
  for (const scheme of ['light', 'dark']) {
    const themed = await browser.newContext({ bypassCSP: true, colorScheme: scheme });
    const page = await themed.newPage();
    for (const lang of languages) {
      await page.goto(`${worker.url}/${lang}/status/${link.search}`);
      assert.deepEqual(await violations(page), [], `${scheme}: /${lang}/status/ with the link`);
      await page.goto(`${worker.url}/${lang}/status/?ref=${answer.reference}&token=wrong`);
      assert.deepEqual(await violations(page), [], `${scheme}: /${lang}/status/ with a wrong token`);
    }
    await themed.close();
  }
});

// The desk's page of a report (README: The desk's side), opened by the link in the desk's
// mail (it has no script): as it opens, with a refused step's
// problems, and after a decision that restricted the service, with the statement of
// reasons; light and dark.
test("the desk's page passes axe as it opens, with problems and with a statement", async () => {
  const res = await fetch(`${worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.200' },
    body: JSON.stringify({ lang: 'en', requester: 'person', full_name: 'Axe Reporter', email: 'axe@example.org', category: 'phishing',
      resource: 'https://bank.example.net/login', evidence_urls: 'https://bank.example.net/login', message: 'A phishing page.', declaration: 'yes' }),
  });
  const { reference } = await res.json();
  const mail = await worker.mailbox.waitFor((m) => m.headers.get('x-abusedesk-reference') === reference);
  const link = worker.url + /https:\/\/abuse\.example\.com(\/desk\/\S+)/.exec(mail.body)[1];
  for (const colorScheme of ['light', 'dark']) {
    const desk = await browser.newContext({ bypassCSP: true, colorScheme });
    const page = await desk.newPage();
    await page.goto(link);
    assert.deepEqual(await violations(page), [], `${colorScheme}: as it opens`);
    if (colorScheme === 'light') {
      await page.check('#outcome-first');
      await page.click('#decide-title ~ form button[type=submit]');
      await page.waitForSelector('.error-summary');
      assert.deepEqual(await violations(page), [], 'with problems');
      await page.selectOption('#measure', 'access_disabled');
      await page.click('#decide-title ~ form button[type=submit]');
      await page.waitForSelector('#statement');
    } else {
      await page.goto(link);
    }
    assert.deepEqual(await violations(page), [], `${colorScheme}: with the statement of reasons`);
    await desk.close();
  }
});

test('axe sees a violation when there is one', async () => {
  const page = await context.newPage();
  await page.goto(`${worker.url}/en/report/`);
  // The first question: the other fields are hidden until it and the category are answered,
  // and axe judges what is shown.
  await page.evaluate(() => document.querySelector('label[for="requester"]').removeAttribute('for'));
  const found = await violations(page);
  assert.ok(found.some((v) => v.startsWith('select-name:')), `axe missed an unlabelled field: ${found}`);
  await page.close();
});

test('in dark mode the pages and the form with errors pass axe', async () => {
  const dark = await browser.newContext({ bypassCSP: true, colorScheme: 'dark' });
  const page = await dark.newPage();
  for (const path of ['/uk/policy/', '/en/']) {
    await page.goto(worker.url + path);
    assert.deepEqual(await violations(page), [], path);
  }
  await page.goto(`${worker.url}/ru/report/`);
  await startModule(page);
  await page.click('#submit');
  await page.waitForSelector('#error-summary:not([hidden])');
  assert.deepEqual(await violations(page), [], 'form with errors');
  await dark.close();
});
