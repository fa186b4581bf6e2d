// The Report Abuse form's evidence, files and draft in Chromium, against the Worker under
// wrangler dev: each category asks for its own evidence, bad files are named before
// anything is sent, a reload keeps what was typed, and the reporter's own clock shows in
// the preview. Run by `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startModule, workerAndBrowser } from './browser.mjs';

// The words a reporter must see, written out: a change to them should show up here.
const languages = {
  uk: {
    headers: 'Вставте повні заголовки спам-листа',
    tooBig: 'Файл «big.png» завеликий: кожен файл має бути не більше 10 МіБ.',
    wrongType: 'Файл «invoice.pdf» не прийнято: його вміст не є жодним із дозволених типів',
    name: 'Олена Коваль',
  },
  ru: {
    headers: 'Вставьте полные заголовки спам-письма',
    tooBig: 'Файл «big.png» слишком большой: каждый файл должен быть не больше 10 МиБ.',
    wrongType: 'Файл «invoice.pdf» не принят: его содержимое не относится ни к одному из разрешённых типов',
    name: 'Ольга Ковальчук',
  },
  en: {
    headers: 'Paste the full headers of the spam message',
    tooBig: 'The file “big.png” is too large: each file must be 10 MiB or smaller.',
    wrongType: 'The file “invoice.pdf” was not accepted: its content is none of the kinds allowed',
    name: 'Jane Roe',
  },
};

const suite = workerAndBrowser();

async function openForm(lang, options = {}) {
  const context = await suite.browser.newContext(options);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  await page.goto(`${suite.worker.url}/${lang}/report/`);
  await startModule(page);
  return { context, page, pageErrors };
}

async function fillReporter(page, words) {
  await page.selectOption('#requester', 'person');
  // The fields show once the category is chosen too; each test then picks its own.
  if (await page.inputValue('#category') === '') await page.selectOption('#category', 'malware');
  await page.fill('#full_name', words.name);
  await page.fill('#resource', 'service.example.net');
  await page.fill('#email', 'reporter@example.com');
  await page.fill('#message', 'Spam arrives from your network every hour.');
}

for (const [lang, words] of Object.entries(languages)) {
  test(`${lang}: spam without its headers is not sent, and only spam's evidence shows`, { timeout: 60000 }, async () => {
    const { context, page, pageErrors } = await openForm(lang);
    try {
      await fillReporter(page, words);
      await page.selectOption('#category', 'spam');
      await page.selectOption('#channel', 'email');
      await page.locator('#field-message_headers').waitFor({ state: 'visible', timeout: 5000 });
      for (const hidden of ['source_ip', 'logs', 'rights_documents', 'evidence_urls']) {
        assert.equal(await page.isVisible(`#field-${hidden}`), false, `${hidden} shows for spam`);
      }
      await page.click('#submit');
      await page.locator('#error-summary').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.textContent('#message_headers-error'), words.headers);
      assert.deepEqual(await page.$$eval('#error-summary li a', (as) => as.map((a) => a.getAttribute('href'))), ['#message_headers']);
      assert.equal(await page.locator('#receipt').count(), 0);

      await page.selectOption('#category', 'ddos');
      await page.locator('#field-source_ip').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.isVisible('#field-message_headers'), false, 'the spam headers still show for DDoS');
      assert.equal(await page.inputValue('#full_name'), words.name);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: an oversized and a wrongly typed file are named, and nothing else is lost`, { timeout: 60000 }, async () => {
    const { context, page, pageErrors } = await openForm(lang);
    try {
      await fillReporter(page, words);
      await page.selectOption('#category', 'botnet');
      const png = Buffer.alloc(11 << 20);
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
      const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1');
      await page.setInputFiles('#attachments', [
        { name: 'claim.pdf', mimeType: 'application/pdf', buffer: pdf },
        { name: 'big.png', mimeType: 'image/png', buffer: png },
        { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: exe },
      ]);
      await page.locator('#attachments-error').waitFor({ state: 'visible', timeout: 5000 });
      const said = await page.textContent('#attachments-error');
      assert.ok(said.includes(words.tooBig), `no word on the big file: ${said}`);
      assert.ok(said.includes(words.wrongType), `no word on the executable: ${said}`);
      assert.ok(!said.includes('claim.pdf'), `the good PDF was refused: ${said}`);

      await page.click('#submit');
      await page.locator('#error-summary').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.$$eval('#error-summary li', (li) => li.length), 2);
      assert.equal(await page.locator('#receipt').count(), 0, 'bad files were sent');
      assert.equal(await page.inputValue('#full_name'), words.name);
      assert.equal(await page.inputValue('#category'), 'botnet');
      assert.equal(await page.$eval('#attachments', (i) => i.files.length), 3, 'the chosen files were dropped');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

test('a reload keeps the draft, and Clear the form empties it, what no one sees included', { timeout: 60000 }, async () => {
  const { context, page, pageErrors } = await openForm('uk');
  try {
    assert.equal(await page.isVisible('#clear-form'), true);
    await page.selectOption('#requester', 'person');
    await page.selectOption('#category', 'spam');
    await page.fill('#full_name', 'Олена Коваль');
    await page.fill('#resource', 'service.example.net');
    await page.selectOption('#channel', 'email');
    await page.fill('#message_headers', 'Received: from mx.example.net');
    await page.reload();
    assert.equal(await page.inputValue('#full_name'), 'Олена Коваль');
    assert.equal(await page.inputValue('#category'), 'spam');
    assert.equal(await page.inputValue('#message_headers'), 'Received: from mx.example.net');
    // A restored draft starts the module: the preview and spam's evidence show at once.
    await page.waitForSelector('html[data-wasm=ready]', { timeout: 15000 });
    await page.waitForFunction(() => document.getElementById('deadline-preview').textContent.includes('12'), null, { timeout: 5000 });
    assert.equal(await page.isVisible('#field-logs'), false);

    // Another language keeps its own draft.
    const other = await context.newPage();
    await other.goto(`${suite.worker.url}/en/report/`);
    assert.equal(await other.inputValue('#full_name'), '');
    await other.close();

    // What no one sees goes too: a value planted in the honeypot, the report's key (the
    // next report gets its own as the reporter turns to the form again).
    await page.$eval('#website', (el) => { el.value = 'planted'; });
    const key = await page.$eval('input[name=idempotency_key]', (el) => el.value);
    assert.notEqual(key, '', 'no key was made');
    await page.click('#clear-form');
    assert.equal(await page.inputValue('#full_name'), '');
    assert.equal(await page.inputValue('#category'), '');
    assert.equal(await page.inputValue('#website'), '', 'the honeypot kept its value');
    assert.notEqual(await page.$eval('input[name=idempotency_key]', (el) => el.value), key, 'the key stayed');
    assert.equal(await page.evaluate(() => localStorage.getItem('abusedesk-draft-uk')), null);
    await page.reload();
    assert.equal(await page.inputValue('#full_name'), '');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('a category the rules mark no_draft (child sexual abuse material) keeps no draft, and removes the one kept before', { timeout: 60000 }, async () => {
  const { context, page, pageErrors } = await openForm('uk');
  try {
    const draft = () => page.evaluate(() => localStorage.getItem('abusedesk-draft-uk'));
    await page.selectOption('#requester', 'person');
    await page.selectOption('#category', 'malware');
    await page.fill('#resource', 'service.example.net');
    assert.match(await draft() || '', /service\.example\.net/, 'no draft kept for another category');
    await page.selectOption('#category', 'csam');
    assert.equal(await draft(), null, 'the draft stayed once the category was chosen');
    await page.fill('#evidence_urls', 'https://service.example.net/a');
    await page.fill('#message', 'Seen on the page above.');
    assert.equal(await draft(), null, 'what was typed under the category was kept');
    await page.reload();
    assert.equal(await page.inputValue('#evidence_urls'), '');
    assert.equal(await page.inputValue('#category'), '');
    // A draft kept before the rule, with the category, is not brought back.
    await page.evaluate(() => localStorage.setItem('abusedesk-draft-uk', JSON.stringify({ category: 'csam', message: 'old' })));
    await page.reload();
    assert.equal(await page.inputValue('#message'), '');
    assert.equal(await draft(), null);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("the preview and the time of the abuse go by the reporter's own clock only when it differs from Kyiv's", { timeout: 60000 }, async () => {
  // The zone as people name it, in the page's language.
  for (const [zone, name] of [['Europe/London', 'United Kingdom Time'], ['Europe/Kyiv', '']]) {
    const { context, page } = await openForm('en', { timezoneId: zone });
    try {
      await page.selectOption('#category', 'malware');
      await page.waitForFunction(() => document.getElementById('deadline-preview').textContent.includes('Kyiv time'), null, { timeout: 5000 });
      const text = await page.textContent('#deadline-preview');
      assert.equal(text.includes(`In your time zone (${name})`), name !== '', `${zone}: ${text}`);
      if (name) assert.match(text, /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)/);
      const hint = await page.textContent('#occurred_at-hint');
      assert.equal(hint.includes(`your device's clock (${name})`), name !== '', `${zone}: the hint says ${hint}`);
      assert.equal(hint.includes('in Kyiv'), name === '', `${zone}: the hint says ${hint}`);
    } finally {
      await context.close();
    }
  }
});

test('without JavaScript the form shows what the answers ask for, none of it required by the browser', { timeout: 60000 }, async () => {
  const context = await suite.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const visible = (ids) => Promise.all(ids.map(async (id) => [id, await page.isVisible(`#${id}`)])).then(Object.fromEntries);
  const evidence = ['evidence_urls', 'rights_documents', 'channel', 'message_headers', 'sender', 'received_text', 'source_ip', 'target', 'time_window', 'logs'];
  try {
    await page.goto(`${suite.worker.url}/en/report/`);
    assert.equal(await page.getAttribute('#report-form', 'enctype'), 'multipart/form-data');
    for (const field of ['requester', 'category', 'message']) {
      assert.equal(await page.$eval(`#${field}`, (el) => el.required), true, `${field} is not required`);
    }
    // Before the first questions are answered, nothing else shows: no field, no evidence,
    // no warning, no file chooser, no declaration.
    const first = await visible(['requester', 'category', 'full_name', 'email', 'message', 'attachments', 'declaration', 'warning-csam', ...evidence]);
    assert.deepEqual(Object.keys(first).filter((id) => first[id]), ['requester', 'category']);
    // The name, the e-mail and the resource: needed by most categories, not all, so the
    // browser does not require them; the page says so under the category that lets them
    // out, and the Worker checks.
    await page.selectOption('#requester', 'person');
    await page.selectOption('#category', 'spam');
    for (const field of ['full_name', 'email', 'resource']) {
      assert.equal(await page.$eval(`#${field}`, (el) => el.required), false, `${field} is required for every category`);
      assert.equal(await page.locator(`#field-${field} .optional`).count(), 0, `${field} is marked optional`);
      assert.equal(await page.isVisible(`#${field}-needed-csam`), false, `${field}: "may leave out" under spam`);
    }
    assert.deepEqual(await visible(['channel', 'message_headers', 'sender', 'evidence_urls', 'logs', 'warning-csam', 'channel-needed']),
      { channel: true, message_headers: false, sender: false, evidence_urls: false, logs: false, 'warning-csam': false, 'channel-needed': false });
    await page.selectOption('#channel', 'email');
    assert.deepEqual(await visible(['message_headers', 'sender', 'occurred_at-needed-sms']), { message_headers: true, sender: false, 'occurred_at-needed-sms': false });
    await page.selectOption('#channel', 'sms');
    assert.deepEqual(await visible(['message_headers', 'sender', 'received_text', 'occurred_at-needed-sms']), { message_headers: false, sender: true, received_text: true, 'occurred_at-needed-sms': true });
    assert.equal(await page.textContent('#occurred_at-needed-sms'), 'Required for spam that came: By SMS.');
    for (const field of evidence) {
      assert.equal(await page.$eval(`#${field}`, (el) => el.required), false, `${field} is required for every category`);
    }
    // A channel chosen under spam asks for nothing once the category changes.
    await page.selectOption('#category', 'csam');
    assert.deepEqual(await visible(['channel', 'sender', 'evidence_urls', 'warning-csam', 'full_name-needed-csam', 'attachments']),
      { channel: false, sender: false, evidence_urls: true, 'warning-csam': true, 'full_name-needed-csam': true, attachments: false });
    assert.match(await page.textContent('#full_name-needed-csam'), /^You may leave this out for: Child sexual abuse material/);
    // An authority's case fields show for an authority alone.
    await page.selectOption('#requester', 'court');
    assert.equal(await page.isVisible('#case_number'), true);
    assert.equal(await page.isVisible('#case_number-needed'), false, 'the list of who must give it shows under a shown field');
    assert.equal(await page.isVisible('#clear-form'), false, 'a Clear button that cannot work');
    // The browser itself stops a blank required field before anything is sent.
    await page.selectOption('#requester', '');
    await page.click('#submit');
    assert.equal(new URL(page.url()).pathname, '/en/report/');
    assert.equal(await page.$eval('#requester', (el) => el.validity.valueMissing), true);
  } finally {
    await context.close();
  }
});
