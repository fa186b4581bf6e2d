// The README's screenshots, taken in Chromium under wrangler dev: the form as it opens, with
// errors, the deadline preview, the receipt and the status page its link opens, in each
// language, at a phone's and a desktop's width.
// Each state is checked before it is taken, so a screenshot never shows a broken page.
//
// The images go to build/screenshots; `make screenshots` writes them into
// worker/test/screenshots/, the copies the README shows, to be committed when they change.
// The page's clock is fixed (Monday 23 November 2026, 10:15 Kyiv), so the preview is the
// same on every run; the receipt's reference and times come from the Worker's clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, waitForReceipt, startModule } from './browser.mjs';
import { startWorker } from './wrangler.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : path.join(here, '../../build/screenshots');
const devices = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 } },
};
const names = { uk: 'Олена Коваль', ru: 'Ольга Ковальчук', en: 'Jane Roe' };
const now = new Date('2026-11-23T10:15:00+02:00');

let worker;
let browser;

before(async () => {
  await mkdir(out, { recursive: true });
  worker = await startWorker();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await worker?.stop();
});

async function shot(page, name) {
  await page.screenshot({ path: path.join(out, `${name}.jpeg`), type: 'jpeg', quality: 70 });
}

for (const lang of Object.keys(names)) {
  for (const [device, options] of Object.entries(devices)) {
    test(`${lang} on a ${device}: as it opens, errors, preview, review, receipt, status`, { timeout: 60000 }, async () => {
      const context = await browser.newContext({ ...options, locale: lang, timezoneId: 'Europe/London', reducedMotion: 'reduce' });
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (err) => pageErrors.push(err));
      try {
        await page.clock.setFixedTime(now);
        await page.goto(`${worker.url}/${lang}/report/`, { waitUntil: 'domcontentloaded', timeout: 60000 });
        await startModule(page);
        // The form as it opens: who is reporting and what happened, nothing else yet.
        await page.evaluate(() => document.activeElement?.blur());
        assert.equal(await page.isVisible('#full_name'), false, 'the form shows more than its first questions');
        await shot(page, `form-start-${lang}-${device}`);

        await page.selectOption('#requester', 'person');
        await page.selectOption('#category', 'malware');
        await page.fill('#email', 'olena@example');
        await page.click('#submit');
        await page.locator('#error-summary').waitFor({ state: 'visible', timeout: 5000 });
        assert.match(await page.title(), /^(Помилка|Ошибка|Error): /);
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, `form-errors-${lang}-${device}`);

        await page.fill('#full_name', names[lang]);

        await page.fill('#resource', 'service.example.net');
        await page.fill('#email', 'olena.koval@example.org');
        await page.fill('#message', 'https://files.example.net/invoice.exe serves a trojan since 08:00.');
        await page.waitForFunction(() => document.getElementById('deadline-preview')?.textContent.trim() !== '');
        await page.locator('#deadline-preview').scrollIntoViewIfNeeded();
        await page.evaluate(() => window.scrollBy(0, 120));
        await shot(page, `form-preview-${lang}-${device}`);

        await page.click('#submit');
        await page.locator('#review-summary').waitFor({ state: 'visible', timeout: 5000 });
        await page.check('#declaration');
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, `review-${lang}-${device}`);

        await page.click('#submit');
        await waitForReceipt(page);
        assert.match(await page.textContent('#receipt .reference'), /AD-\d{8}-[A-Z0-9]{6}/);
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, `receipt-${lang}-${device}`);

        // The status link the receipt gives, once the abuse mailbox took the report.
        const link = new URL(await page.getAttribute('#receipt a', 'href'));
        const status = `${worker.url}${link.pathname}${link.search}`;
        const forwarded = { uk: 'Поштова скринька служби з питань зловживань прийняла скаргу.', ru: 'Почтовый ящик отдела по работе с жалобами принял жалобу.', en: 'The abuse desk\'s mailbox took the report.' }[lang];
        await page.clock.setSystemTime(new Date());
        for (let tries = 0; ; tries++) {
          await page.goto(status);
          if ((await page.textContent('main')).includes(forwarded)) break;
          assert.ok(tries < 50, `${status} never showed the report forwarded`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await shot(page, `status-${lang}-${device}`);
        assert.deepEqual(pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }
}

// The desk's page of a report, in the provider's language, opened by the link in the desk's
// mail: the case after a decision that restricted the service (top), and its statement of
// reasons and the forms below.
for (const [device, options] of Object.entries(devices)) {
  test(`the desk's page on a ${device}`, { timeout: 60000 }, async () => {
    const res = await fetch(`${worker.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': `192.0.2.${device.length}` },
      body: JSON.stringify({ lang: 'uk', requester: 'person', full_name: names.uk, email: 'olena.koval@example.org', category: 'phishing',
        resource: 'https://bank.example.net/login', evidence_urls: 'https://bank.example.net/login', message: 'Сторінка видає себе за вхід до банку.', declaration: 'yes' }),
    });
    const { reference } = await res.json();
    const mail = await worker.mailbox.waitFor((m) => m.headers.get('x-abusedesk-reference') === reference);
    const link = worker.url + /https:\/\/abuse\.example\.com(\/desk\/\S+)/.exec(mail.body)[1];
    const context = await browser.newContext({ ...options, locale: 'uk', reducedMotion: 'reduce', javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(link);
      await page.click('#notify-title ~ form button[type=submit]');
      await page.waitForURL(/recorded=2$/);
      await page.check('#outcome-first');
      await page.selectOption('#measure', 'access_disabled');
      await page.check('#note-thanks');
      await page.click('#decide-title ~ form button[type=submit]');
      await page.waitForURL(/recorded=3$/);
      assert.match(await page.textContent('#statement'), /Обґрунтування рішення для клієнта/);
      await shot(page, `desk-${device}`);
      await page.locator('#statement').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.getElementById('statement').scrollIntoView());
      await shot(page, `desk-statement-${device}`);
    } finally {
      await context.close();
    }
  });
}
