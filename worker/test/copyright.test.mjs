// A copyright complaint in Chromium, against the Worker under wrangler dev, in every
// language: every field filled in, the documents proving the rights, two PDFs attached, the
// receipt with its reference and deadlines, and the mail with both files byte for byte. Then
// the same report sent three times under one idempotency key: one reference, one mail. Run
// by `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewAndSend, waitForReceipt, startModule, workerAndBrowser } from './browser.mjs';
import { outcomes } from './outcomes.mjs';

// What the reporter types and must read back, written out rather than read from the Go
// catalog: a change to the words should show up here.
const languages = {
  uk: {
    name: 'Олена Коваль',
    company: 'ТОВ «Видавництво Коваль»',
    address: 'вул. Хрещатик, 1, Київ, 01001',
    message: 'На сайті клієнта без дозволу викладено нашу книгу повністю.',
    rights: 'Свідоцтво про реєстрацію авторського права № 12345 від 01.02.2020; довіреність № 7.',
    receipt: 'Скаргу отримано',
    reviewed: 'Ми перевіримо скаргу до',
    onClaim: 'лише після вимоги суду',
  },
  ru: {
    name: 'Ольга Ковальчук',
    company: 'ООО «Издательство Ковальчук»',
    address: 'ул. Садовая, 5, Одесса, 65000',
    message: 'На сайте клиента без разрешения выложена наша книга целиком.',
    rights: 'Свидетельство о регистрации авторского права № 54321 от 03.04.2021; доверенность № 9.',
    receipt: 'Жалоба получена',
    reviewed: 'Мы проверим жалобу до',
    onClaim: 'только после требования суда',
  },
  en: {
    name: 'Jane Roe',
    company: 'Roe Publishing Ltd',
    address: '1 High Street, London, EC1A 1AA',
    message: 'A customer site publishes our whole book without permission.',
    rights: 'Copyright registration TX 9-876-543 of 2020-02-01; power of attorney no. 7.',
    receipt: 'Report received',
    reviewed: 'We check your report by',
    onClaim: 'only once a court',
  },
};

const reference = /AD-[0-9A-Za-z-]+/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// pdf makes a small PDF, binary past its header as real ones are, different for each text.
function pdf(text) {
  return Buffer.concat([
    Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\n% ${text}\n`, 'latin1'),
    Buffer.from([0, 1, 2, 0x80, 0xfe, 0xff, 0x0d, 0x0a, 0x0d, 0x3d]),
    Buffer.from('\ntrailer <</Root 1 0 R>>\n%%EOF\n'),
  ]);
}

const suite = workerAndBrowser();

async function openForm(context, lang) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  await page.goto(`${suite.worker.url}/${lang}/report/`);
  return { page, pageErrors };
}

// fillCopyright fills in every field a copyright complaint has, and attaches files.
async function fillCopyright(page, words, files) {
  await startModule(page);
  await page.selectOption('#requester', 'rights-holder');
  await page.selectOption('#category', 'copyright');
  await page.fill('#full_name', words.name);
  await page.fill('#resource', 'service.example.net');
  await page.fill('#email', 'rights@example.org');
  await page.fill('#phone', '+380 44 123 45 67');
  await page.fill('#company', words.company);
  await page.fill('#postal_address', words.address);
  await page.fill('#business_address', words.address);
  await page.locator('#rights_documents').waitFor({ state: 'visible', timeout: 5000 });
  await page.fill('#resource', 'https://books.customer.example/book.html');
  await page.fill('#occurred_at', '2026-11-20T10:30');
  await page.fill('#message', words.message);
  await page.fill('#rights_documents', words.rights);
  await page.fill('#evidence_urls', 'https://books.customer.example/book.html');
  await page.setInputFiles('#attachments', files.map(([name, buffer]) => ({ name, mimeType: 'application/pdf', buffer })));
}

// assertFiles checks that the mail carries exactly files, byte for byte, in order.
function assertFiles(mail, files) {
  const pdfs = mail.parts.filter((p) => p.type === 'application/pdf');
  assert.equal(pdfs.length, files.length, `the mail has ${pdfs.length} PDFs`);
  files.forEach(([name, bytes], i) => {
    assert.ok(pdfs[i].bytes.equals(bytes), `${name} arrived changed`);
    assert.ok(mail.body.includes(name), `the mail's text does not name ${name}`);
  });
}

for (const [lang, words] of Object.entries(languages)) {
  test(`${lang}: a copyright complaint with two PDFs reaches the mailbox intact`, { timeout: 90000 }, async () => {
    const context = await suite.browser.newContext();
    try {
      const { page, pageErrors } = await openForm(context, lang);
      const files = [[`claim-${lang}.pdf`, pdf(`claim ${lang}`)], [`attorney-${lang}.pdf`, pdf(`power of attorney ${lang}`)]];
      await fillCopyright(page, words, files);
      await reviewAndSend(page);
      await waitForReceipt(page);

      const receipt = await page.textContent('#receipt');
      assert.ok(receipt.includes(words.receipt), receipt);
      const ref = (await page.textContent('#receipt .reference')).match(reference)?.[0];
      assert.ok(ref, `no reference in the receipt: ${receipt}`);
      assert.ok(receipt.includes(words.reviewed), `the receipt shows no review deadline: ${receipt}`);
      assert.ok(receipt.includes(words.onClaim), `the receipt does not say copyright's hours start with a claim: ${receipt}`);

      const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 20000);
      for (const typed of [words.name, words.company, words.rights, 'rights@example.org', 'https://books.customer.example/book.html']) {
        assert.ok(mail.body.includes(typed), `the mail about ${ref} lacks ${typed}:\n${mail.body}`);
      }
      assertFiles(mail, files);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

test('en: one report sent three times under one key gets one reference and one mail; the next report a new key', { timeout: 90000 }, async () => {
  const context = await suite.browser.newContext();
  try {
    const { page, pageErrors } = await openForm(context, 'en');
    assert.equal(await page.inputValue('input[name=idempotency_key]'), '', 'the page came with a key');
    const files = [['claim.pdf', pdf('claim twice')], ['attorney.pdf', pdf('attorney twice')]];
    await fillCopyright(page, languages.en, files);
    const key = await page.inputValue('input[name=idempotency_key]');
    assert.match(key, uuid);

    // A reload keeps the draft, and with it the same report's key.
    await page.reload();
    await page.waitForFunction(() => document.getElementById('rights_documents').value !== '', null, { timeout: 5000 });
    assert.equal(await page.inputValue('input[name=idempotency_key]'), key, 'the key changed across a reload');
    await page.waitForSelector('html[data-wasm=ready]', { timeout: 15000 });
    await page.setInputFiles('#attachments', files.map(([name, buffer]) => ({ name, mimeType: 'application/pdf', buffer })));

    // Two posts at the same moment, as a double click without the module would make...
    const answers = await page.evaluate(async () => {
      const form = document.getElementById('report-form');
      // As a form would send it from the review step: with the declaration made.
      const body = () => { const data = new FormData(form); data.set('declaration', 'yes'); data.set('rights_declaration', 'yes'); return data; };
      const post = () => fetch(form.action, { method: 'POST', headers: { Accept: 'application/json' }, body: body() })
        .then(async (res) => ({ status: res.status, body: await res.json() }));
      return Promise.all([post(), post()]);
    });
    assert.deepEqual(answers.map((a) => a.status), [outcomes.Accepted.status, outcomes.Accepted.status], JSON.stringify(answers));
    const ref = answers[0].body.reference;
    assert.match(ref, reference);
    assert.equal(answers[1].body.reference, ref, 'the second post got a reference of its own');

    // ...then the form's own send, as a retry after a lost answer would.
    await reviewAndSend(page);
    await waitForReceipt(page);
    assert.ok((await page.textContent('#receipt .reference')).includes(ref), 'the form was given another reference');

    const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 20000);
    assertFiles(mail, files);
    // Delivery goes through a queue: give a duplicate time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const mails = (await suite.worker.mailbox.all()).filter((m) => m.subject.includes(ref));
    assert.equal(mails.length, 1, `${mails.length} mails about ${ref}`);

    // Sent: the draft is gone, and the next report starts with a key of its own.
    await page.goto(`${suite.worker.url}/en/report/`);
    assert.equal(await page.inputValue('#rights_documents'), '', 'the draft outlived the report');
    assert.equal(await page.inputValue('input[name=idempotency_key]'), '');
    await page.click('#requester');
    const next = await page.inputValue('input[name=idempotency_key]');
    assert.match(next, uuid);
    assert.notEqual(next, key, 'the next report reuses the sent one\'s key');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
