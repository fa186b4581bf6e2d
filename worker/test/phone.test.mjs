// The form a reporter on a phone finishes (issue 24), in Chromium under wrangler dev: at 320
// and 390 px and on a desktop, with JavaScript on and off, in uk, ru and en, the form asks
// who is reporting and what about first, then shows only what those answers ask for, each
// hint only where it holds; a form sent back without JavaScript shows nothing of another
// category and keeps the declaration's tick; the receipt's heading is on screen and
// focused, its reference on one line (at twice the text size on a phone it may break, but
// never runs off the screen); the policy pages' tables break no word, the legal
// documents lead to the form, the typo hint suits the screen, the home page links the
// privacy notice once, and /favicon.ico exists. Run by `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerAndBrowser, waitForReceipt } from './browser.mjs';
import { outcomes } from './outcomes.mjs';

const languages = ['uk', 'ru', 'en'];
const devices = {
  320: { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true },
  390: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};

const suite = workerAndBrowser();

let clients = 0;
const client = () => `198.51.100.${++clients}`;

async function open(device, javaScript, path) {
  const context = await suite.browser.newContext({ ...devices[device], javaScriptEnabled: javaScript, timezoneId: 'UTC', extraHTTPHeaders: { 'cf-connecting-ip': client() } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  await page.goto(`${suite.worker.url}${path}`);
  return { context, page, pageErrors };
}

// shown lists which of ids are on the screen (laid out, not hidden).
function shown(page, ids) {
  return page.evaluate((ids) => ids.filter((id) => {
    const el = document.getElementById(id);
    return el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  }), ids);
}

// The controls a reporter can reach, by id, in the form's order.
function controls(page) {
  return page.evaluate(() => [...document.querySelectorAll('#form-fields input:not([type=hidden]), #form-fields select, #form-fields textarea, #review input')]
    .filter((e) => e.getClientRects().length > 0 && e.getBoundingClientRect().right > 0)
    .map((e) => e.id));
}

function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

const everything = ['requester', 'category', 'case_number', 'issuing_body', 'full_name', 'email', 'phone', 'company', 'postal_address',
  'business_address', 'share_identity', 'resource', 'occurred_at', 'message', 'evidence_urls', 'rights_documents', 'channel',
  'message_headers', 'sender', 'received_text', 'source_ip', 'target', 'time_window', 'logs', 'attachments', 'declaration', 'rights_declaration',
  'warning-csam', 'evidence', 'full_name-needed-csam', 'email-needed-csam', 'resource-needed-csam', 'occurred_at-needed-sms',
  'message-hint', 'message-hint-phishing', 'message-hint-copyright', 'deadline-preview', 'case_number-needed', 'evidence_urls-needed'];

for (const device of Object.keys(devices)) {
  for (const javaScript of [true, false]) {
    const how = `${device === 'desktop' ? 'on a desktop' : `at ${device} px`}, JavaScript ${javaScript ? 'on' : 'off'}`;
    test(`${how}: first who and what, then only what the answers ask for, in uk, ru and en`, { timeout: 120000 }, async () => {
      for (const lang of languages) {
        const { context, page, pageErrors } = await open(device, javaScript, `/${lang}/report/`);
        try {
          // Nothing but the first questions, however long the rules' lists grow.
          assert.deepEqual(await controls(page), ['requester', 'category'], `${lang}: before any answer`);
          assert.deepEqual(await shown(page, ['warning-csam', 'evidence', 'field-attachments', 'review']), [], `${lang}: before any answer`);
          const short = await page.$eval('#report-form', (f) => f.getBoundingClientRect().height);
          assert.ok(short < 1.5 * devices[device].viewport.height, `${lang}: the unanswered form is ${Math.round(short)} px tall`);
          if (javaScript) {
            // A tap on the first question, then straight on Review: the tap is not lost to a
            // message moving the button, and the summary names only what is on the screen.
            await page.click('#requester');
            await page.waitForSelector('html[data-wasm=ready]', { timeout: 15000 });
            await page.click('#submit');
            await page.locator('#error-summary').waitFor({ state: 'visible', timeout: 5000 });
            assert.deepEqual(await page.$$eval('#error-summary li a', (as) => as.map((a) => a.getAttribute('href'))), ['#requester', '#category'], `${lang}: the summary`);
          }

          // A person reporting phishing: the links to it, nothing of spam, of attacks, of
          // authorities or rights; no "may leave out" under the name; phishing's own words
          // under the description; the time of the abuse with no spam channel's rule.
          await page.selectOption('#requester', 'person');
          await page.selectOption('#category', 'phishing');
          // The first answer starts the module, which keeps the declaration for its review.
          if (javaScript) await page.waitForSelector('html[data-wasm=ready]', { timeout: 15000 });
          const phishing = await shown(page, everything);
          assert.deepEqual(phishing.filter((id) => !['attachments', 'declaration', 'deadline-preview'].includes(id)),
            ['requester', 'category', 'full_name', 'email', 'phone', 'company', 'postal_address', 'business_address', 'share_identity',
              'resource', 'occurred_at', 'message', 'evidence_urls', 'evidence', 'message-hint-phishing'], `${lang}: phishing by a person`);
          assert.ok(phishing.includes('attachments'), `${lang}: no file chooser for phishing`);
          assert.equal(phishing.includes('declaration'), !javaScript, `${lang}: the declaration before the review`);
          // Without JavaScript there is no preview to show once a category is chosen.
          assert.equal(phishing.includes('deadline-preview'), javaScript, `${lang}: the preview`);
          assert.equal(await scrollsSideways(page), false, `${lang}: scrolls sideways`);

          // A court's copyright claim: its case, no rights holder's declaration or documents.
          await page.selectOption('#requester', 'court');
          await page.selectOption('#category', 'copyright');
          assert.deepEqual(await shown(page, ['case_number', 'issuing_body', 'rights_documents', 'rights_declaration', 'message-hint-copyright']),
            ['case_number', 'issuing_body', 'message-hint-copyright'], `${lang}: copyright by a court`);
          // A rights holder's: the declaration (on the review step with JavaScript) and the documents.
          await page.selectOption('#requester', 'rights-holder');
          assert.deepEqual(await shown(page, ['case_number', 'rights_documents', 'rights_declaration']),
            javaScript ? ['rights_documents'] : ['rights_documents', 'rights_declaration'], `${lang}: copyright by a rights holder`);

          // Child sexual abuse material: its warning and hotlines, "may leave out" under the
          // name and the e-mail, no file chooser.
          await page.selectOption('#category', 'csam');
          assert.deepEqual(await shown(page, ['warning-csam', 'full_name-needed-csam', 'email-needed-csam', 'attachments', 'rights_documents']),
            ['warning-csam', 'full_name-needed-csam', 'email-needed-csam'], `${lang}: csam`);
          assert.equal(await scrollsSideways(page), false, `${lang}: scrolls sideways with the warning`);
          assert.deepEqual(pageErrors, []);
        } finally {
          await context.close();
        }
      }
    });
  }

  test(`${device === 'desktop' ? 'on a desktop' : `at ${device} px`}: a form sent back without JavaScript shows nothing of another category and keeps the tick`, { timeout: 120000 }, async () => {
    for (const lang of languages) {
      const { context, page } = await open(device, false, `/${lang}/report/`);
      try {
        await page.selectOption('#requester', 'person');
        await page.selectOption('#category', 'spam');
        await page.fill('#full_name', 'Phone Reporter');
        await page.fill('#email', 'phone@example.org');
        await page.fill('#resource', 'mx.example.net');
        await page.selectOption('#channel', 'sms');
        await page.fill('#sender', '+380 44 000 00 00');
        await page.fill('#received_text', 'WIN A PRIZE');
        await page.fill('#message', 'Prize spam by SMS.');
        // No time of the message, which SMS spam needs: the Worker sends the form back.
        await page.check('#declaration');
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.click('#submit'),
        ]);
        assert.equal(response.status(), outcomes.Invalid.status, `${lang}: ${response.status()}`);
        await page.waitForLoadState();
        assert.deepEqual(await shown(page, ['warning-csam', 'deadline-preview', 'evidence_urls', 'occurred_at-needed-sms', 'sender']),
          ['occurred_at-needed-sms', 'sender'], `${lang}: the page sent back`);
        assert.equal(await page.isChecked('#declaration'), true, `${lang}: the declaration's tick was lost`);
        assert.equal(await page.inputValue('#sender'), '+380 44 000 00 00');
        assert.equal(await scrollsSideways(page), false, `${lang}: scrolls sideways`);
      } finally {
        await context.close();
      }
    }
  });
}

for (const device of Object.keys(devices)) {
  for (const javaScript of [true, false]) {
    const how = `${device === 'desktop' ? 'on a desktop' : `at ${device} px`}, JavaScript ${javaScript ? 'on' : 'off'}`;
    test(`${how}: the receipt's heading is on screen${javaScript ? ' and focused' : ''}, its reference on one line`, { timeout: 90000 }, async () => {
      for (const lang of languages) {
        const { context, page, pageErrors } = await open(device, javaScript, `/${lang}/report/`);
        try {
          await page.selectOption('#requester', 'person');
          // First spam, its sender typed, then botnet: the sender, now out of sight, is
          // neither judged nor mailed (the browser posts it; the Worker drops it).
          await page.selectOption('#category', 'spam');
          if (javaScript) await page.waitForSelector('html[data-wasm=ready]', { timeout: 15000 });
          await page.selectOption('#channel', 'sms');
          await page.fill('#sender', 'SENDER-UNSEEN');
          await page.selectOption('#category', 'botnet');
          assert.deepEqual(await shown(page, ['channel', 'sender']), [], `${lang}: spam's fields under botnet`);
          await page.fill('#full_name', 'Phone Reporter');
          await page.fill('#email', `phone.${lang}.${device}.${javaScript}@example.org`);
          await page.fill('#resource', 'bot.example.net');
          await page.fill('#occurred_at', '2026-12-05T09:30');
          await page.fill('#message', 'A botnet node, seen from a phone.');
          if (javaScript) {
            await page.click('#submit');
            await page.locator('#review-summary').waitFor({ state: 'visible', timeout: 10000 });
            // The review step gives the time as typed, in words, with its clock: the
            // device's, UTC, which is not Kyiv's.
            const review = await page.textContent('#review-summary');
            assert.ok(!review.includes('2026-12-05T09:30') && /09:30 \([^)]*GMT\+00:00\)/.test(review), `${lang}: the review says ${review}`);
            await page.check('#declaration');
            await page.locator('#submit').scrollIntoViewIfNeeded();
            await page.click('#submit');
          } else {
            // Without the module there is no review step: the declaration is on the form.
            await page.check('#declaration');
            await page.click('#submit');
          }
          await waitForReceipt(page);
          // Without JavaScript the receipt is a new page: measured once its stylesheet is in
          // (under load, a layout read before it broke the reference at its hyphen).
          await page.waitForLoadState('load');
          const heading = await page.evaluate(() => {
            const h = document.getElementById('receipt-title');
            return { focused: document.activeElement === h, top: h.getBoundingClientRect().top, bottom: h.getBoundingClientRect().bottom, height: innerHeight };
          });
          // Without JavaScript the receipt is a page of its own, read from its top.
          if (javaScript) assert.ok(heading.focused, `${lang}: the receipt's heading is not focused`);
          assert.ok(heading.top >= -1 && heading.bottom <= heading.height, `${lang}: the heading is off screen (${heading.top}–${heading.bottom} of ${heading.height})`);
          const lines = await page.$eval('#receipt .reference-number', (e) => e.getClientRects().length);
          assert.equal(lines, 1, `${lang}: the reference breaks across ${lines} lines`);
          assert.equal(await scrollsSideways(page), false, `${lang}: the receipt scrolls sideways`);
          // The widest reference there can be fits too, inside the receipt's border.
          const reference = await page.textContent('#receipt .reference-number');
          const widest = await page.$eval('#receipt .reference-number', (e) => {
            const own = e.textContent;
            e.textContent = own.replace(/[^-]+$/, (tail) => 'W'.repeat(tail.length));
            const rects = [...e.getClientRects()];
            const inside = e.closest('#receipt').getBoundingClientRect().right - parseFloat(getComputedStyle(e.closest('#receipt')).borderRightWidth);
            const out = { lines: rects.length, overflow: Math.round(rects[rects.length - 1].right - inside), scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth };
            e.textContent = own;
            return out;
          });
          assert.deepEqual(widest, { lines: 1, overflow: Math.min(widest.overflow, 0), scrolls: false }, `${lang}: the widest reference`);
          if (device === '320') {
            // At twice the text size (a reader's setting, here the root's font size) the
            // reference may break at its hyphens, but the receipt never scrolls sideways.
            const large = await page.$eval('#receipt .reference-number', (e) => {
              // Through the CSSOM, which the pages' Content-Security-Policy allows.
              document.documentElement.style.fontSize = '200%';
              return { lines: e.getClientRects().length, scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth };
            });
            assert.equal(large.scrolls, false, `${lang}: at 200% text the receipt scrolls sideways (the reference on ${large.lines} lines)`);
          }
          assert.deepEqual(pageErrors, []);
          const mail = await suite.worker.mailbox.waitFor((m) => m.headers.get('x-abusedesk-reference') === reference, 15000);
          assert.ok(mail.body.includes('bot.example.net'), `${lang}: the report's resource is not in the mail`);
          assert.ok(!mail.raw.includes('SENDER-UNSEEN'), `${lang}: the mail holds a field the reporter could not see`);
          assert.ok(!mail.body.includes(': —'), `${lang}: the desk's mail lists empty fields:\n${mail.body}`);
        } finally {
          await context.close();
        }
      }
    });
  }
}

for (const device of ['320', '390']) test(`at ${device} px the rules tables break no word, and each legal document leads to the form`, { timeout: 90000 }, async () => {
  for (const lang of languages) {
    for (const p of ['policy/', 'procedure/', 'privacy/', 'expect/']) {
      const { context, page } = await open(device, true, `/${lang}/${p}`);
      try {
        const broken = await page.evaluate(() => {
          const out = [];
          for (const table of document.querySelectorAll('table.rules > tbody')) {
            // The body's words: the head is visually hidden on a phone, its words beside each cell.
            const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              for (const m of n.data.matchAll(/[^\s\-—–/]+/g)) {
                const r = document.createRange();
                r.setStart(n, m.index);
                r.setEnd(n, m.index + m[0].length);
                const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
                if (tops.size > 1) out.push(m[0]);
              }
            }
          }
          return out;
        });
        assert.deepEqual(broken, [], `/${lang}/${p}: words broken across lines`);
        assert.equal(await scrollsSideways(page), false, `/${lang}/${p} scrolls sideways`);
        if (p !== 'privacy/') {
          const links = await page.$$eval('.report-link a', (as) => as.map((a) => ({ href: a.getAttribute('href'), shown: a.getClientRects().length > 0 })));
          assert.deepEqual(links, [{ href: `/${lang}/report/`, shown: true }], `/${lang}/${p}: no link to the form`);
        }
        // On a touch screen the typo hint says to tap, not to press Ctrl+Enter.
        await page.locator('.typo-report').waitFor({ state: 'visible', timeout: 10000 });
        assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#typo-hint > span')].map((s) => getComputedStyle(s).display !== 'none')),
          [false, true], `/${lang}/${p}: the typo hint`);
        assert.equal(await page.$eval('#typo-button', (b) => b.classList.contains('secondary')), true, `/${lang}/${p}: the typo button outshines the form's link`);
      } finally {
        await context.close();
      }
    }
  }
});

test('on a desktop the typo hint names Ctrl+Enter; the home page links the privacy notice once; /favicon.ico is an icon', { timeout: 60000 }, async () => {
  for (const lang of languages) {
    const { context, page } = await open('desktop', true, `/${lang}/policy/`);
    try {
      await page.locator('.typo-report').waitFor({ state: 'visible', timeout: 10000 });
      assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#typo-hint > span')].map((s) => getComputedStyle(s).display !== 'none')),
        [true, false], `/${lang}/policy/: the typo hint`);
      await page.goto(`${suite.worker.url}/${lang}/`);
      const privacy = await page.$$eval(`a[href="/${lang}/privacy/"], a[href="privacy/"]`, (as) => as.length);
      assert.equal(privacy, 1, `/${lang}/: ${privacy} links to the privacy notice`);
    } finally {
      await context.close();
    }
  }
  const icon = await fetch(`${suite.worker.url}/favicon.ico`);
  assert.equal(icon.status, 200);
  assert.match(icon.headers.get('content-type') ?? '', /^image\//);
  const bytes = new Uint8Array(await icon.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0, 1, 0], 'not an ICO');
});
