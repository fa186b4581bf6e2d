// Readers' typo notes under wrangler dev: POST /api/typos is validated and mailed to the
// editors' mailbox (the EDITORS send_email binding), and in Chromium a reader selects text
// on a legal document, presses Ctrl+Enter or the button, comments and sends. Run by
// `make test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerAndBrowser } from './browser.mjs';
import { outcomes } from './outcomes.mjs';

// As in wrangler.jsonc.
const MAIL_FROM = 'abusedesk@example.com';
const EDITORS_TO = 'editors@example.com';

const suite = workerAndBrowser();

// address is the bare address of a header such as "Name <a@b>" or "<a@b>".
const address = (header) => /<([^>]+)>/.exec(header ?? '')?.[1] ?? header;
const toEditors = (mail) => address(mail.headers.get('to')) === EDITORS_TO;

function postTypo(note, headers = {}) {
  return fetch(`${suite.worker.url}/api/typos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(note),
  });
}

test('a typo note reaches the editors, not the abuse mailbox', async () => {
  const selection = `recieve-${Date.now()}`;
  const res = await postTypo({ lang: 'ru', page: '/ru/policy/', selection, comment: 'Должно быть «receive».', context: `Мы ${selection} жалобы.` });
  const answer = await res.json();
  assert.equal(res.status, outcomes.Thanks.status, JSON.stringify(answer));
  assert.deepEqual(answer, { message: 'Спасибо! Ваше сообщение получили редакторы.' });

  const mail = await suite.worker.mailbox.waitFor((m) => toEditors(m) && m.subject.includes(selection));
  assert.equal(address(mail.headers.get('from')), MAIL_FROM);
  assert.equal(mail.subject, `[помилка] /ru/policy/: ${selection}`);
  assert.equal(mail.headers.get('reply-to'), undefined);
  for (const text of ['/ru/policy/', 'Должно быть «receive».', `Мы ${selection} жалобы.`]) {
    assert.ok(mail.body.includes(text), `the mail lacks ${text}:\n${mail.body}`);
  }
});

test('an invalid note is refused with localized problems', async () => {
  const res = await postTypo({ lang: 'en', page: 'https://example.net/', selection: ' ' });
  assert.equal(res.status, outcomes.TypoInvalid.status);
  const { error, problems } = await res.json();
  assert.equal(error, outcomes.TypoInvalid.code);
  assert.deepEqual(problems.map((p) => [p.field, p.code, p.message]), [
    ['page', 'pattern', 'Check “Page”: the value is not in the right format'],
    ['selection', 'required', 'Select the text with the mistake'],
  ]);

  const form = await fetch(`${suite.worker.url}/api/typos`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'selection=x' });
  assert.equal(form.status, outcomes.TypoMediaType.status);
  assert.equal((await form.json()).error, outcomes.TypoMediaType.code);
  const get = await fetch(`${suite.worker.url}/api/typos`);
  assert.equal(get.status, outcomes.MethodNotAllowed.status);
  assert.equal(get.headers.get('allow'), 'POST');
  await get.body?.cancel();
});

// selectWords selects the given words in the first element of the page that holds them.
async function selectWords(page, selector, words) {
  await page.evaluate(([selector, words]) => {
    const el = [...document.querySelectorAll(selector)].find((e) => e.textContent.includes(words));
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(words);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      document.getSelection().removeAllRanges();
      document.getSelection().addRange(range);
      return;
    }
    throw new Error(`no text node holds ${words}`);
  }, [selector, words]);
}

test('in Chromium: select, Ctrl+Enter, comment, send, thanks, and the editors get it', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  try {
    await page.goto(`${suite.worker.url}/en/policy/`);
    const button = page.locator('#typo-button');
    await button.waitFor({ state: 'visible' });
    const box = await button.boundingBox();
    assert.ok(box.width >= 24 && box.height >= 24, `the button is ${box.width}×${box.height}`);

    await selectWords(page, 'main p', 'outgoing traffic');
    await page.keyboard.press('Control+Enter');
    const dialog = page.locator('dialog#typo-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await page.textContent('#typo-selection'), 'outgoing traffic');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'typo-comment');
    const comment = `Fine as it is? ${Date.now()}`;
    await page.fill('#typo-comment', comment);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.waitForFunction(() => document.getElementById('typo-status')?.textContent === 'Thank you! Your note has reached the editors.');
    assert.equal(await dialog.isVisible(), false, 'the dialog stayed open');
    assert.equal(await page.getAttribute('#typo-status', 'role'), 'status');

    const mail = await suite.worker.mailbox.waitFor((m) => toEditors(m) && m.body.includes(comment));
    assert.equal(mail.subject, '[помилка] /en/policy/: outgoing traffic');
    assert.ok(mail.body.includes("block the service's ports, outgoing traffic or IP address at once"), `no context in the mail:\n${mail.body}`);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('in Chromium: the button, Escape and focus, in Russian; markup in a selection stays text', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  try {
    await page.goto(`${suite.worker.url}/ru/policy/`);
    const button = page.locator('#typo-button');
    await button.waitFor({ state: 'visible' });
    assert.equal(await button.textContent(), 'Сообщить об опечатке');

    // Nothing selected: the button says what to do, and no dialog opens.
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('typo-status')?.textContent === 'Сначала выделите текст с опечаткой.');
    assert.equal(await page.locator('dialog#typo-dialog').isVisible(), false);

    // Text that looks like markup is shown as it is.
    await page.evaluate(() => {
      const p = document.querySelector('main p');
      p.append(' <img src=x onerror=alert(1)>');
    });
    await selectWords(page, 'main p', '<img src=x onerror=alert(1)>');
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog#typo-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(await page.textContent('#typo-selection'), '<img src=x onerror=alert(1)>');
    assert.equal(await page.locator('#typo-selection img').count(), 0);
    assert.equal(await dialog.getAttribute('aria-labelledby'), 'typo-title');
    assert.equal(await page.textContent('#typo-title'), 'Опечатка в тексте');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'typo-button', 'focus did not return to the button');

    // The limits are the page's (the schema's, written on the button): the comment's
    // maxlength, and a selection of the whole document cut to data-max-selection.
    assert.equal(await button.getAttribute('data-max-selection'), '500');
    assert.equal(await page.getAttribute('#typo-comment', 'maxlength'), await button.getAttribute('data-max-comment'));
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector('main'));
      document.getSelection().removeAllRanges();
      document.getSelection().addRange(range);
    });
    await button.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'visible' });
    assert.equal(Array.from(await page.textContent('#typo-selection')).length, 500);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('pages that are not legal documents have no typo button', async () => {
  for (const path of ['/en/', '/en/report/', '/en/404.html']) {
    const html = await (await fetch(suite.worker.url + path)).text();
    assert.ok(!html.includes('typo-button'), path);
  }
});
