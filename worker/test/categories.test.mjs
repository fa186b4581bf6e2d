// The categories the public reports, who reports and when a claim's clock starts, end to
// end in Chromium against the Worker under wrangler dev, in each language, with JavaScript
// and without: the form asks for what each needs, the Worker takes it or says why not, and
// the abuse desk's mail says it. Run by `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewAndSend, startModule, waitForReceipt, workerAndBrowser } from './browser.mjs';
import { outcomes } from './outcomes.mjs';

const suite = workerAndBrowser();
const reference = /AD-[0-9A-Za-z-]+/;
// content/provider.yaml's urgent_mailbox, which wrangler.jsonc's MAILBOX allows.
const URGENT = 'urgent-abuse@example.com';

// The words a reporter must see, written out: a change to them should show up here.
const languages = {
  uk: {
    warning: 'Не завантажуйте, не відкривайте повторно',
    hotlines: 'Повідомити про це також можна сюди:',
    refused: 'до скарги цієї категорії не додають жодних файлів',
    again: 'Оберіть файли ще раз',
    blocked: 'доступ до матеріалів закриють одразу',
    filed: 'це вимога, з якої починається строк клієнта',
    elsewhere: 'Провайдер сам не вирішує таких спорів',
    urgent: '[ТЕРМІНОВО]',
  },
  ru: {
    warning: 'Не скачивайте, не открывайте повторно',
    hotlines: 'Сообщить об этом также можно сюда:',
    refused: 'к жалобе этой категории не прикладывают никаких файлов',
    again: 'Выберите файлы ещё раз',
    blocked: 'доступ к материалам закроют сразу',
    filed: 'это требование, с которого начинается срок клиента',
    elsewhere: 'Провайдер сам не решает такие споры',
    urgent: '[ТЕРМІНОВО]',
  },
  en: {
    warning: 'Do not download, reopen, screenshot or attach such material',
    hotlines: 'You can also report it here:',
    refused: 'reports of this category take no files at all',
    again: 'Choose your files again',
    blocked: 'access to the material is disabled at once',
    filed: 'is the claim that starts the customer\'s time',
    elsewhere: 'The provider does not decide such disputes itself',
    urgent: '[ТЕРМІНОВО]',
  },
};

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');

// Each page comes from a client address of its own (wrangler dev takes CF-Connecting-IP as
// sent): the rate limit allows ten reports a minute from one, and this file sends more.
let clients = 0;
const client = () => `198.51.100.${++clients}`;

async function openForm(lang, { javaScript = true } = {}) {
  const context = await suite.browser.newContext({ javaScriptEnabled: javaScript, extraHTTPHeaders: { 'cf-connecting-ip': client() } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  await page.goto(`${suite.worker.url}/${lang}/report/`);
  if (javaScript) await startModule(page);
  return { context, page, pageErrors };
}

// The address a header names, without its display name.
const address = (value) => /<([^>]+)>/.exec(value ?? '')?.[1] ?? (value ?? '').trim();

for (const [lang, words] of Object.entries(languages)) {
  test(`${lang}: child sexual abuse material is reported by its links alone, unnamed, to the urgent mailbox`, { timeout: 60000 }, async () => {
    const { context, page, pageErrors } = await openForm(lang);
    try {
      await page.selectOption('#requester', 'person');
      await page.selectOption('#category', 'csam');
      // The warning and the authorities' hotlines show; the file chooser does not.
      await page.locator('#warning-csam').waitFor({ state: 'visible', timeout: 5000 });
      const warning = await page.textContent('#warning-csam');
      assert.ok(warning.includes(words.warning) && warning.includes(words.hotlines), warning);
      assert.ok(await page.locator('#warning-csam a[href^="https://"]').count() >= 1, 'no hotline to follow');
      assert.equal(await page.isVisible('#attachments'), false, 'files can be chosen for child sexual abuse material');
      assert.equal(await page.isVisible('#warning-phishing'), false);
      // No name, no e-mail, no resource: the links are what is needed.
      await page.fill('#message', 'Found while searching for something else.');
      await page.fill('#evidence_urls', 'https://bad.example.net/a\nhttps://bad.example.net/b');
      await reviewAndSend(page);
      await waitForReceipt(page);
      const receipt = await page.textContent('#receipt');
      assert.ok(receipt.includes(words.blocked), receipt);
      const ref = (await page.textContent('#receipt .reference')).match(reference)?.[0];
      assert.ok(ref, receipt);

      const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 15000);
      assert.equal(address(mail.headers.get('to')), URGENT);
      assert.ok(mail.subject.startsWith(words.urgent), mail.subject);
      assert.equal(mail.headers.has('reply-to'), false, 'a Reply-To without an address');
      assert.match(mail.headers.get('content-type'), /^multipart\/mixed;/);
      // The desk's text and the summary it may forward: no XARF part, no file.
      assert.deepEqual(mail.parts.map((p) => p.type), ['text/plain', 'text/plain'], 'a XARF part or a file');
      assert.ok(mail.body.includes('https://bad.example.net/b'), mail.body);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: without JavaScript, a file sent with child sexual abuse material is refused and nothing is asked again`, { timeout: 60000 }, async () => {
    const { context, page } = await openForm(lang, { javaScript: false });
    try {
      // Without JavaScript too, the warning shows for its category alone.
      assert.equal(await page.isVisible('#warning-csam'), false);
      await page.selectOption('#requester', 'person');
      await page.selectOption('#category', 'csam');
      assert.equal(await page.isVisible('#warning-csam'), true);
      assert.equal(await page.isVisible('#attachments'), false, 'files can be chosen for child sexual abuse material');
      await page.fill('#message', 'Seen on a hosted forum.');
      await page.fill('#evidence_urls', 'https://bad.example.net/c');
      await page.setInputFiles('#attachments', [{ name: 'shot.png', mimeType: 'image/png', buffer: png }]);
      await page.check('#declaration');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('#submit'),
      ]);
      assert.equal(response.status(), outcomes.Invalid.status);
      await page.waitForLoadState();
      const error = await page.textContent('#attachments-error');
      assert.ok(error.includes('shot.png') && error.includes(words.refused), error);
      assert.ok(!error.includes(words.again), `the page asks for the file again: ${error}`);
      // What was typed is kept; sent again without the file, the report is taken.
      assert.equal(await page.inputValue('#evidence_urls'), 'https://bad.example.net/c');
      await page.check('#declaration');
      const [again] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('#submit'),
      ]);
      assert.equal(again.status(), outcomes.Accepted.status);
      await page.waitForLoadState();
      const ref = (await page.textContent('#receipt .reference')).match(reference)?.[0];
      assert.ok(ref);
      const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 15000);
      assert.equal(address(mail.headers.get('to')), URGENT);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: a court's report is the claim that starts the clock, a rights holder's is not`, { timeout: 60000 }, async () => {
    const { context, page, pageErrors } = await openForm(lang);
    try {
      await page.selectOption('#category', 'copyright');
      await page.selectOption('#requester', 'rights-holder');
      await page.waitForFunction((w) => document.getElementById('deadline-preview').textContent.includes(w), words.elsewhere, { timeout: 5000 });
      assert.equal(await page.isVisible('#case_number'), false, 'a rights holder is asked for a case number');

      await page.selectOption('#requester', 'court');
      await page.waitForFunction((w) => document.getElementById('deadline-preview').textContent.includes(w), words.filed, { timeout: 5000 });
      await page.fill('#case_number', '757/1234/26');
      await page.fill('#issuing_body', 'Pecherskyi District Court of Kyiv');
      await page.fill('#full_name', 'Court Clerk');
      await page.fill('#email', 'clerk@court.example');
      await page.fill('#resource', 'https://books.customer.example/book.html');
      await page.fill('#message', 'The court orders the infringing copy removed.');
      await page.fill('#evidence_urls', 'https://books.customer.example/book.html');
      // A court gives its case and order, not a rights holder's documents and declaration.
      assert.equal(await page.isVisible('#rights_documents'), false, "a court is asked for a rights holder's documents");
      // The order is required of a court: sending without it says so.
      await page.click('#submit');
      await page.locator('#attachments-error').waitFor({ state: 'visible', timeout: 5000 });
      await page.setInputFiles('#attachments', [{ name: 'order.pdf', mimeType: 'application/pdf', buffer: pdf }]);
      await reviewAndSend(page);
      await waitForReceipt(page);
      const receipt = await page.textContent('#receipt');
      assert.ok(receipt.includes(words.filed), receipt);
      const ref = (await page.textContent('#receipt .reference')).match(reference)?.[0];
      const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 15000);
      for (const want of ['757/1234/26', 'Pecherskyi District Court of Kyiv', '(court)', '[x] ']) {
        assert.ok(mail.body.includes(want), `the mail lacks ${want}:\n${mail.body}`);
      }
      assert.deepEqual(mail.parts.map((p) => p.type), ['text/plain', 'text/plain', 'application/json', 'application/pdf']);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

test('without JavaScript, spam by SMS asks for the sender, the time and the text, on the provider\'s clock', { timeout: 60000 }, async () => {
  const { context, page } = await openForm('en', { javaScript: false });
  try {
    assert.match(await page.textContent('#occurred_at-hint'), /in Kyiv/);
    await page.selectOption('#requester', 'organization');
    await page.selectOption('#category', 'spam');
    await page.fill('#full_name', 'Jane Roe');
    await page.fill('#email', 'jane@example.com');
    await page.fill('#resource', 'promo.example.net');
    await page.fill('#message', 'Unsolicited offers by SMS, every day.');
    await page.selectOption('#channel', 'sms');
    await page.fill('#sender', '+380 67 000 00 00');
    await page.fill('#occurred_at', '2026-11-20T10:30');
    await page.fill('#received_text', 'You won a prize! Visit promo.example.net');
    await page.check('#declaration');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('#submit'),
    ]);
    assert.equal(response.status(), outcomes.Accepted.status, await response.text());
    await page.waitForLoadState();
    const ref = (await page.textContent('#receipt .reference')).match(reference)?.[0];
    const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 15000);
    for (const want of ['+380 67 000 00 00', 'You won a prize!', '(sms)', '2026-11-20 08:30 UTC', 'без JavaScript']) {
      assert.ok(mail.body.includes(want), `the mail lacks ${want}:\n${mail.body}`);
    }
  } finally {
    await context.close();
  }
});

test('each resource is a XARF report of its own; a category without a XARF type has none', async () => {
  const post = (fields) => fetch(`${suite.worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': client() },
    body: JSON.stringify({ lang: 'en', requester: 'person', full_name: 'Jane Roe', email: 'jane@example.com', message: 'See the links.', declaration: 'yes', ...fields }),
  });
  for (const [fields, types, xarfType] of [
    // The desk's text and the summary it may forward to the customer come first.
    [{ category: 'fraud', resource: 'shop.example.net\nhttps://pay.example.org/x', evidence_urls: 'https://shop.example.net/' }, ['text/plain', 'text/plain', 'application/json', 'application/json'], 'fraud'],
    [{ category: 'exposed-data', resource: 'leaks.example.net', evidence_urls: 'https://leaks.example.net/db' }, ['text/plain', 'text/plain', 'application/json'], 'exposed_data'],
    [{ category: 'illegal-content', resource: 'bad.example.net', evidence_urls: 'https://bad.example.net/' }, ['text/plain', 'text/plain'], ''],
    [{ category: 'other' }, ['text/plain', 'text/plain'], ''],
  ]) {
    const res = await post(fields);
    const answer = await res.json();
    assert.equal(res.status, outcomes.Accepted.status, `${fields.category}: ${JSON.stringify(answer)}`);
    const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(answer.reference), 15000);
    assert.deepEqual(mail.parts.map((p) => p.type), types, fields.category);
    for (const part of mail.parts.filter((p) => p.type === 'application/json')) {
      assert.equal(JSON.parse(part.bytes.toString('utf8')).type, xarfType, fields.category);
    }
  }
});
