// The Report Abuse form in Chromium, against the Worker under wrangler dev: the Go module
// checks fields, previews deadlines and sends the report in every language, and the form
// still works with JavaScript off. Run by `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewAndSend, waitForReceipt, startModule, workerAndBrowser } from './browser.mjs';
import { outcomes } from './outcomes.mjs';

// The words a reporter must see, written out rather than read from the Go catalog: they
// are what the product promises, and a change to them should show up here.
const languages = {
  uk: {
    badEmail: 'Введіть адресу електронної пошти в правильному форматі, наприклад name@example.com',
    spam: '12 годин',
    ddos: '2 години',
    blocked: 'Щойно скаргу буде підтверджено, сервіс клієнта заблокують одразу, без часу на відповідь.',
    name: 'Олена Коваль',
    message: 'З вашої мережі щогодини надходить спам.',
  },
  ru: {
    badEmail: 'Введите адрес электронной почты в правильном формате, например name@example.com',
    spam: '12 часов',
    ddos: '2 часа',
    blocked: 'Как только жалоба будет подтверждена, сервис клиента заблокируют сразу, без времени на ответ.',
    name: 'Ольга Ковальчук',
    message: 'Из вашей сети каждый час приходит спам.',
  },
  en: {
    badEmail: 'Enter an e-mail address in the correct format, like name@example.com',
    spam: '12 hours',
    ddos: '2 hours',
    blocked: "Once the report is verified, the customer's service is blocked at once, with no time to answer.",
    name: 'Jane Roe',
    message: 'Spam arrives from your network every hour.',
  },
};

const reference = /AD-[0-9A-Za-z-]+/;

const suite = workerAndBrowser();

// openForm opens the form in lang and waits for the module; errors thrown in the page are
// collected, since a panic in Go surfaces as one.
async function openForm(lang) {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  const fetched = [];
  page.on('request', (req) => fetched.push(new URL(req.url()).pathname));
  await page.goto(`${suite.worker.url}/${lang}/report/`, { waitUntil: 'networkidle' });
  // The module waits for the reporter: a reader who never touches the form never pays for it.
  assert.equal(await page.getAttribute('html', 'data-wasm'), null, 'the module started before the form was touched');
  assert.ok(!fetched.includes('/assets/form.wasm'), `the module was fetched before the form was touched: ${fetched}`);
  // A click, as a reporter's tap: focus events alone do not fire in a page that is not
  // the browser's focused one, which a busy test run can make any page.
  await startModule(page);
  return { context, page, pageErrors };
}

async function previewSays(page, words) {
  await page.waitForFunction(
    (w) => document.getElementById('deadline-preview').textContent.includes(w), words, { timeout: 5000 });
}

for (const [lang, words] of Object.entries(languages)) {
  test(`${lang}: the form checks fields, previews deadlines and sends the report`, { timeout: 60000 }, async () => {
    const { context, page, pageErrors } = await openForm(lang);
    try {
      assert.equal(await page.$eval('#report-form', (f) => f.noValidate), true, 'the module did not take over from the browser checks');

      // Who is reporting and what about come first; the rest shows once both are answered.
      assert.equal(await page.isVisible('#email'), false, 'the e-mail shows before the first questions are answered');
      await page.selectOption('#requester', 'person');
      await page.selectOption('#category', 'spam');
      await page.fill('#email', 'name@example');
      await page.press('#email', 'Tab');
      await page.locator('#email-error').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.textContent('#email-error'), words.badEmail);
      assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
      assert.match(await page.getAttribute('#field-email', 'class'), /\bfield--error\b/);

      await page.selectOption('#category', 'spam');

      await page.selectOption('#channel', 'email');
      await previewSays(page, words.spam);
      await page.selectOption('#category', 'ddos');
      await previewSays(page, words.ddos);
      assert.ok(!(await page.textContent('#deadline-preview')).includes(words.spam), 'the preview kept the spam deadline');
      await page.selectOption('#category', 'botnet');
      await previewSays(page, words.blocked);

      await page.fill('#full_name', words.name);

      await page.fill('#resource', 'service.example.net');
      await page.fill('#email', 'reporter@example.com');
      assert.equal(await page.isVisible('#email-error'), false, 'the e-mail error stayed after it was put right');
      await page.fill('#message', words.message);
      await reviewAndSend(page);
      await waitForReceipt(page);

      const sentence = await page.textContent('#receipt .reference');
      const ref = sentence.match(reference)?.[0];
      assert.ok(ref, `no reference in the receipt: ${sentence}`);
      assert.equal(new URL(page.url()).pathname, `/${lang}/report/`, 'the page was replaced, so the module did not send the report');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'receipt-title');

      const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 15000);
      assert.ok(mail.body.includes(words.name), `the e-mail about ${ref} does not name the reporter:\n${mail.body}`);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

test('a form with problems is not sent: they are listed, linked and announced', { timeout: 60000 }, async () => {
  const { context, page, pageErrors } = await openForm('en');
  try {
    const title = await page.title();
    // The rest of the form shows once who is reporting and what happened are answered.
    await page.selectOption('#requester', 'person');
    await page.selectOption('#category', 'botnet');
    await page.fill('#phone', 'call me');
    await page.click('#submit');
    await page.locator('#error-summary').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
    assert.equal(await page.title(), `Error: ${title}`);
    const links = await page.$$eval('#error-summary li a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['#full_name', '#email', '#phone', '#resource', '#message']);
    for (const field of ['full_name', 'email', 'phone', 'resource', 'message']) {
      assert.equal(await page.isVisible(`#${field}-error`), true, `${field} shows no error`);
    }
    assert.equal(await page.locator('#receipt').count(), 0);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('without JavaScript the form still submits and the Worker answers', { timeout: 60000 }, async () => {
  const context = await suite.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(`${suite.worker.url}/en/report/`);
    await page.selectOption('#requester', 'person');
    await page.selectOption('#category', 'spam');
    await page.fill('#full_name', 'No Script');
    await page.fill('#resource', 'service.example.net');
    await page.fill('#email', 'noscript@example.com');
    await page.selectOption('#channel', 'email');
    await page.fill('#message', 'Sent with JavaScript off.');
    // Without JavaScript every evidence field shows; spam's headers are required.
    await page.fill('#message_headers', 'Received: from mx.example.net (192.0.2.7)');
    await page.check('#declaration');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/reports'),
      page.click('#submit'),
    ]);
    assert.equal(response.status(), outcomes.Accepted.status, `the Worker answered ${response.status()}`);
    await page.waitForLoadState();
    const text = await page.textContent('body');
    const ref = text.match(reference)?.[0];
    assert.ok(ref, `no reference on the page after submitting:\n${text}`);
    const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 15000);
    assert.ok(mail.body.includes('No Script'), `the e-mail about ${ref} does not name the reporter:\n${mail.body}`);
  } finally {
    await context.close();
  }
});

// The review step (WCAG 3.3.4): a report makes a declaration, so the reporter sees all of
// it, can go back and change it, and makes the declaration last. Each language's words are
// written out, as above.
const review = {
  uk: { review: 'Перевірити скаргу', send: 'Надіслати скаргу', heading: 'Перевірте й надішліть', tick: 'Підтвердьте заяву, позначивши поле, щоб надіслати скаргу', declares: 'Добросовісно підтверджую, що відомості й твердження в цій скарзі точні', sending: 'Надсилаємо…' },
  ru: { review: 'Проверить жалобу', send: 'Отправить жалобу', heading: 'Проверьте и отправьте', tick: 'Подтвердите заявление, отметив поле, чтобы отправить жалобу', declares: 'Добросовестно подтверждаю, что сведения и утверждения в этой жалобе точны', sending: 'Отправляем…' },
  en: { review: 'Review the report', send: 'Send the report', heading: 'Check and send', tick: 'Tick the box to make the declaration and send the report', declares: 'I confirm in good faith that the information and allegations in this report are accurate', sending: 'Sending…' },
};

for (const [lang, words] of Object.entries(review)) {
  test(`${lang}: the reporter reviews the report, can change it, and declares before it is sent`, { timeout: 60000 }, async () => {
    const { context, page, pageErrors } = await openForm(lang);
    try {
      assert.equal((await page.textContent('#submit')).trim(), words.review);
      assert.equal(await page.isVisible('#declaration'), false, 'the declaration shows before the review');
      await page.selectOption('#requester', 'person');
      await page.selectOption('#category', 'botnet');
      await page.fill('#full_name', languages[lang].name);
      await page.fill('#resource', 'service.example.net');
      await page.fill('#email', 'reviewer@example.com');
      await page.fill('#message', languages[lang].message);
      const category = await page.$eval('#category', (s) => s.selectedOptions[0].textContent);

      await page.click('#submit');
      await page.locator('#review-summary').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'review-title');
      assert.equal((await page.textContent('#review-title')).trim(), words.heading);
      assert.equal(await page.isVisible('#full_name'), false, 'the fields show beside the review');
      const listed = await page.textContent('#review-summary');
      for (const value of [languages[lang].name, 'reviewer@example.com', category, languages[lang].message, languages[lang].blocked]) {
        assert.ok(listed.includes(value), `the review lacks ${value}: ${listed}`);
      }
      assert.equal((await page.textContent('#submit')).trim(), words.send);

      // Change: back to the fields, the first one focused; the box is cleared.
      await page.check('#declaration');
      await page.click('#review-change');
      await page.locator('#full_name').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'requester');
      await page.fill('#email', 'changed@example.com');
      await page.click('#submit');
      await page.locator('#review-summary').waitFor({ state: 'visible', timeout: 5000 });
      assert.ok((await page.textContent('#review-summary')).includes('changed@example.com'), 'the review shows the old value');
      assert.equal(await page.isChecked('#declaration'), false, 'the declaration survived a change');

      // Sending without the declaration says what to do; with it, the report goes.
      await page.click('#submit');
      await page.locator('#declaration-error').waitFor({ state: 'visible', timeout: 5000 });
      assert.equal(await page.textContent('#declaration-error'), words.tick);
      assert.equal(await page.locator('#receipt').count(), 0);
      await page.check('#declaration');
      // What the status region (role=status, read out by screen readers) says while it goes.
      await page.evaluate(() => {
        const status = document.getElementById('form-status');
        window.statusSaid = [];
        new MutationObserver(() => window.statusSaid.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
      });
      await page.click('#submit');
      await waitForReceipt(page);
      const said = await page.evaluate(() => window.statusSaid);
      assert.ok(said.some((s) => s.startsWith(words.sending)), `the status region said ${JSON.stringify(said)}`);
      const ref = (await page.textContent('#receipt .reference')).match(reference)?.[0];
      assert.ok(ref);
      // The mail quotes the words the reporter declared, in their language.
      const mail = await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 15000);
      assert.ok(mail.body.includes(`[x] ${words.declares}`), mail.body);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

// A send whose answer is lost (here: the Worker takes the report, and the browser is told
// a gateway's 503, as a dropped connection or a restarting Worker would) is sent again by
// the module under the same idempotency key: one receipt, one reference, one mail.
test('en: a send whose answer is lost is sent again, and the report is mailed once', { timeout: 60000 }, async () => {
  const { context, page, pageErrors } = await openForm('en');
  try {
    const posts = [];
    await page.route('**/api/reports', async (route) => {
      posts.push(route.request().postData()?.match(/name="idempotency_key"\r\n\r\n([^\r]*)/)?.[1]);
      const res = await route.fetch();
      if (posts.length === 1) {
        await res.body();
        await route.fulfill({ status: outcomes.GatewayUnavailable.status, contentType: 'text/plain', body: 'Service Unavailable' });
      } else {
        await route.fulfill({ response: res });
      }
    });
    await page.selectOption('#requester', 'person');
    await page.selectOption('#category', 'botnet');
    await page.fill('#full_name', 'Lost Answer');
    await page.fill('#resource', 'service.example.net');
    await page.fill('#email', 'lost@example.com');
    await page.fill('#message', 'A botnet node, reported over a bad line.');
    await reviewAndSend(page);
    await waitForReceipt(page);
    const ref = (await page.textContent('#receipt .reference')).match(reference)?.[0];
    assert.ok(ref);
    assert.equal(posts.length, 2, `posts: ${JSON.stringify(posts)}`);
    assert.ok(posts[0] && posts[0] === posts[1], `the two sends had keys ${JSON.stringify(posts)}`);
    await suite.worker.mailbox.waitFor((m) => m.subject.includes(ref), 15000);
    // Delivery goes through a queue: give a duplicate time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const mails = (await suite.worker.mailbox.all()).filter((m) => m.subject.includes(ref));
    assert.equal(mails.length, 1, 'the report was mailed twice');
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

// A script load that never finishes (a dropped connection; wrangler dev's proxy does it
// now and then) is asked for again: the module still starts.
test('en: the module starts even when its runtime script hangs once', { timeout: 60000 }, async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    const held = [];
    await page.route('**/assets/wasm_exec.js*', (route) => {
      if (held.length === 0) {
        held.push(route); // never answered
        return;
      }
      return route.continue();
    });
    await page.goto(`${suite.worker.url}/en/report/`);
    await startModule(page, 20000);
    assert.equal(held.length, 1);
  } finally {
    await context.close();
  }
});
