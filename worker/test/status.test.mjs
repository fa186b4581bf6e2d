// The reporter's status link and page under wrangler dev (README: The reporter's side): the
// link the receipt (the 201 answer and the page) and the confirmation give, one link for
// one report, opening a page in its language that says "forwarded" once the abuse mailbox
// took the report, with the deadlines and nothing the reporter wrote; the same as JSON for
// the token's bearer; an unknown reference and a wrong token answered alike; and the page
// and its form in Chromium with and without JavaScript. Run by `make test`.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { experimental_readRawConfig as readRawConfig } from 'wrangler';

import { reviewAndSend, startModule, waitForReceipt, workerAndBrowser } from './browser.mjs';
import { outcomes } from './outcomes.mjs';
import { statusToken } from './wrangler.mjs';

const suite = workerAndBrowser();
const languages = ['uk', 'ru', 'en'];

// The report, every word the reporter typed marked, to find it where it should not be.
const report = {
  requester: 'person',
  full_name: 'Halyna Typedname',
  email: 'status.reporter@example.org',
  category: 'phishing',
  resource: 'https://login.typed-status.example.net/',
  evidence_urls: 'https://login.typed-status.example.net/form',
  message: 'TYPED-STATUS-TEXT: a page asking for bank logins.',
  declaration: 'yes',
};
const typed = ['Halyna Typedname', 'typed-status', 'TYPED-STATUS-TEXT'];

// The words of the page, written out (content/messages/status.yaml): a change to them
// should show up here.
const words = {
  uk: { heading: 'Стан скарги', forwarded: 'Передано службі з питань зловживань', notYet: 'Ще ні', noDecision: 'Рішення ще немає.', notFound: 'Скарги з таким номером і кодом доступу немає.', keep: 'Стежте за скаргою за цим особистим посиланням.' },
  ru: { heading: 'Статус жалобы', forwarded: 'Передана отделу по работе с жалобами', notYet: 'Ещё нет', noDecision: 'Решения ещё нет.', notFound: 'Жалобы с таким номером и кодом доступа нет.', keep: 'Следите за жалобой по этой личной ссылке.' },
  en: { heading: 'Status of report', forwarded: 'Forwarded to the abuse desk', notYet: 'Not yet', noDecision: 'There is no decision yet.', notFound: 'No report matches this reference number and access code.', keep: 'Follow your report at this private link.' },
};

let clients = 0;
const client = () => `198.51.100.${++clients}`;

const token = statusToken;

async function post(fields, headers = {}) {
  const res = await fetch(`${suite.worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': client(), ...headers },
    body: JSON.stringify({ ...report, ...fields }),
  });
  const answer = await res.json();
  assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
  return answer;
}

// local is a status link on the provider's address (content/provider.yaml's website) made
// a link to the Worker under test: the same path and query.
const local = (link) => {
  const u = new URL(link);
  return suite.worker.url + u.pathname + u.search;
};

// unescape is an HTML page's text as a reader sees it: the entities html.EscapeString writes.
const unescape = (html) => html.replace(/&(#39|#34|quot|lt|gt|amp);/g, (_, e) => ({ '#39': "'", '#34': '"', quot: '"', lt: '<', gt: '>', amp: '&' })[e]);

function page(url, headers = {}) {
  return fetch(url, { headers: { accept: 'text/html', 'cf-connecting-ip': client(), ...headers } });
}

function statusJSON(ref, bearer, query = '') {
  return fetch(`${suite.worker.url}/api/reports/${encodeURIComponent(ref)}/status${query}`, {
    headers: { authorization: `Bearer ${bearer}`, 'cf-connecting-ip': client() },
  });
}

// forwarded waits until the report's status says the mailbox took it: the mail is written
// a moment before the Worker records it.
async function forwarded(ref) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await statusJSON(ref, token(ref));
    const st = await res.json();
    assert.equal(res.status, outcomes.Status.status, JSON.stringify(st));
    if (st.state === 'forwarded') return st;
    if (Date.now() > deadline) assert.fail(`still ${st.state}: ${JSON.stringify(st)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('wrangler.jsonc takes each language\'s status page to the Worker, and nothing more of the site', async () => {
  const { rawConfig } = readRawConfig({ config: 'wrangler.jsonc' });
  const rules = await readFile(new URL('../../content/rules.yaml', import.meta.url), 'utf8');
  const langs = /^languages: \[([^\]]*)\]/m.exec(rules)[1].split(',').map((s) => s.trim());
  assert.deepEqual(langs, languages);
  const status = rawConfig.assets.run_worker_first.filter((p) => p.includes('status'));
  assert.deepEqual(status, langs.map((l) => `/${l}/status/`));
});

test('the receipt and the confirmation give one status link, which shows "forwarded" in the report\'s language', { timeout: 90_000 }, async () => {
  for (const lang of languages) {
    const email = `status.${lang}@example.org`;
    const key = `status-${lang}-${Date.now()}`;
    const answer = await post({ lang, email }, { 'idempotency-key': key });
    const ref = answer.reference;
    assert.equal(answer.status_url, `https://abuse.example.com/${lang}/status/?ref=${ref}&token=${token(ref)}`);
    // Posted again under its key: the same report, the same link.
    assert.equal((await post({ lang, email }, { 'idempotency-key': key })).status_url, answer.status_url);

    const mail = await suite.worker.confirmations.waitFor((m) => m.headers.get('x-abusedesk-reference') === ref, 20_000);
    const link = /https:\/\/\S+\/status\/\?\S+/.exec(mail.body)?.[0];
    assert.equal(link, answer.status_url, `the confirmation's link:\n${mail.body}`);

    await suite.worker.mailbox.waitFor((m) => m.headers.get('x-abusedesk-reference') === ref, 20_000);
    await forwarded(ref);
    const res = await page(local(link));
    const html = unescape(await res.text());
    assert.equal(res.status, outcomes.Status.status, html);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-robots-tag'), 'noindex');
    assert.match(res.headers.get('content-security-policy'), /default-src 'none'/);
    assert.match(html, new RegExp(`<html lang="${lang}"`));
    for (const w of [`${words[lang].heading} ${ref}`, words[lang].forwarded, words[lang].notYet, words[lang].noDecision, ...answer.deadlines]) {
      assert.ok(html.includes(w), `/${lang}/status/ lacks "${w}"`);
    }
    for (const w of typed) assert.ok(!html.includes(w), `the status page shows "${w}"`);
  }
});

test('the receipt page of a form sent without JavaScript carries the link, with the words to keep it', async () => {
  const res = await fetch(`${suite.worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'cf-connecting-ip': client() },
    body: new URLSearchParams({ ...report, lang: 'ru' }).toString(),
  });
  const html = await res.text();
  assert.equal(res.status, outcomes.Accepted.status, html);
  const ref = /AD-\d{8}-[0-9A-Z]{6}/.exec(html)[0];
  assert.ok(html.includes(`<a href="https://abuse.example.com/ru/status/?ref=${ref}&amp;token=${token(ref)}">`), html);
  assert.ok(html.includes(words.ru.keep), html);
});

test('the JSON answers the same for the token\'s bearer, in the language asked for', { timeout: 60_000 }, async () => {
  const answer = await post({ lang: 'uk' });
  const ref = answer.reference;
  const uk = await forwarded(ref);
  assert.equal(uk.lang, 'uk');
  assert.deepEqual(uk.states.map((s) => s.state), ['received', 'forwarded', 'customer_notified', 'decided']);
  assert.equal(uk.states[0].at, answer.received);
  assert.ok(uk.states[1].at && !uk.states[2].at && !uk.states[3].at, JSON.stringify(uk.states));
  assert.equal(uk.decision, undefined);
  assert.deepEqual(uk.deadlines, answer.schedule);

  const res = await statusJSON(ref, token(ref), '?lang=en');
  const en = await res.json();
  assert.equal(res.status, outcomes.Status.status);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(en.lang, 'en');
  assert.equal(en.states[1].title, words.en.forwarded);
  assert.deepEqual(en.deadlines.sentences.length, answer.schedule.sentences.length);
  assert.notDeepEqual(en.deadlines.sentences, answer.schedule.sentences);
  for (const w of typed) assert.ok(!JSON.stringify(en).includes(w));
});

test('a wrong token and an unknown reference are answered alike, page and JSON', { timeout: 60_000 }, async () => {
  const { reference: ref } = await post({ lang: 'en' });
  const other = (await post({ lang: 'en' })).reference;
  const unknown = 'AD-20261123-ZZZZZZ';
  const right = token(ref);
  const cases = {
    'an unknown reference with its token': [unknown, token(unknown)],
    'a guessed token': [ref, 'AAAAAAAAAAAAAAAAAAAAAA'],
    'a truncated token': [ref, right.slice(0, -1)],
    'an altered token': [ref, (right[0] === 'A' ? 'B' : 'A') + right.slice(1)],
    'another report\'s token': [ref, token(other)],
    'a token of another secret': [ref, token(ref, 'another secret, just as long as the real one.....')],
    'a very long token': [ref, right.repeat(200)],
    'a reference of another shape': [`../${ref}`, token(`../${ref}`)],
  };
  const strip = (res) => Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'));
  for (const lang of languages) {
    let first;
    for (const [name, [r, t]] of Object.entries(cases)) {
      const res = await page(`${suite.worker.url}/${lang}/status/?ref=${encodeURIComponent(r)}&token=${encodeURIComponent(t)}`);
      const got = { status: res.status, headers: strip(res), body: await res.text() };
      assert.equal(got.status, outcomes.StatusNotFound.status, `${lang}, ${name}`);
      assert.ok(got.body.includes(words[lang].notFound), `${lang}, ${name}: ${got.body}`);
      first ??= got;
      assert.deepEqual(got, first, `${lang}: ${name} is answered unlike the first`);
    }
  }
  let first;
  for (const [name, [r, t]] of Object.entries(cases)) {
    const res = await statusJSON(r, t, '?lang=ru');
    const got = { status: res.status, headers: strip(res), body: await res.json() };
    assert.equal(got.body.error, outcomes.StatusNotFound.code, `${name}: ${JSON.stringify(got.body)}`);
    first ??= got;
    assert.deepEqual(got, first, `JSON: ${name} is answered unlike the first`);
  }
});

test('without JavaScript, the status page\'s form opens a report\'s status, and says when nothing matches', { timeout: 60_000 }, async () => {
  const { reference: ref } = await post({ lang: 'en' });
  await forwarded(ref);
  const context = await suite.browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'cf-connecting-ip': client() } });
  const tab = await context.newPage();
  try {
    for (const lang of languages) {
      const res = await tab.goto(`${suite.worker.url}/${lang}/status/`);
      assert.equal(res.status(), 200);
      await tab.fill('#status-ref', ref);
      await tab.fill('#status-token', token(ref));
      await Promise.all([tab.waitForURL(/\?ref=/), tab.click('button[type=submit]')]);
      assert.equal(new URL(tab.url()).searchParams.get('token'), token(ref));
      const text = await tab.textContent('main');
      assert.ok(text.includes(`${words[lang].heading} ${ref}`) && text.includes(words[lang].forwarded), text);
      assert.equal(await tab.getAttribute('.steps [aria-current=step]', 'class'), 'step step--done');

      await tab.goto(`${suite.worker.url}/${lang}/status/`);
      await tab.fill('#status-ref', ref);
      await tab.fill('#status-token', 'not-the-code');
      await Promise.all([tab.waitForURL(/\?ref=/), tab.click('button[type=submit]')]);
      assert.ok((await tab.textContent('#error-summary')).includes(words[lang].notFound));
      assert.equal(await tab.inputValue('#status-token'), '', 'the form echoed the code');
    }
  } finally {
    await context.close();
  }
});

test('with JavaScript, the module\'s receipt links to the status page, which opens', { timeout: 90_000 }, async () => {
  const context = await suite.browser.newContext({ extraHTTPHeaders: { 'cf-connecting-ip': client() } });
  const tab = await context.newPage();
  try {
    await tab.goto(`${suite.worker.url}/en/report/`);
    await startModule(tab);
    await tab.selectOption('#requester', 'person');
    await tab.selectOption('#category', 'ddos');
    await tab.fill('#full_name', 'Status Reporter');
    await tab.fill('#email', 'status.browser@example.org');
    await tab.fill('#resource', 'service.example.net');
    await tab.fill('#message', 'Outbound attack from your network.');
    await tab.fill('#source_ip', '203.0.113.7');
    await tab.fill('#target', '198.51.100.2:443');
    await tab.fill('#time_window', '2026-05-01 10:00-10:30 UTC');
    await tab.fill('#logs', '10:00:01 SYN flood from 203.0.113.7');
    await reviewAndSend(tab);
    await waitForReceipt(tab);
    const receipt = await tab.textContent('#receipt');
    assert.ok(receipt.includes(words.en.keep), receipt);
    const href = await tab.getAttribute('#receipt a', 'href');
    const ref = /AD-\d{8}-[0-9A-Z]{6}/.exec(receipt)[0];
    assert.equal(href, `https://abuse.example.com/en/status/?ref=${ref}&token=${token(ref)}`);
    await tab.goto(local(href));
    assert.ok((await tab.textContent('h1')).includes(ref));
  } finally {
    await context.close();
  }
});
