// The reporter's decision notice under the real runtime (README: Both sides are told): a
// decision recorded through the operator's API is mailed to the reporter who gave an
// address, in the language of their report, once, with the mailboxes failing half the time
// (MAILBOX_FAILURE_RATE, read only by the Worker built with the fault injection: package
// worker/faults, `make worker-faults`; startWorker({ faults: true })); a correction is a
// second notice that says so; the case and its notices are erased with the report; without
// the CONFIRMATIONS binding the decision is recorded and nothing is sent. Run by `make test`.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { test } from 'node:test';

import { experimental_readRawConfig as readRawConfig } from 'wrangler';

import { outcomes } from './outcomes.mjs';
import { startWorker } from './wrangler.mjs';

const ADMIN_TOKEN = 'operator-token-for-notice-tests';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

// A report whose every word the reporter typed is marked, to find it wherever it should
// not be.
const report = {
  requester: 'person',
  full_name: 'Daryna Typedname',
  category: 'phishing',
  resource: 'https://login.typed-notice.example.net/',
  evidence_urls: 'https://login.typed-notice.example.net/form',
  message: 'TYPED-NOTICE-TEXT: a page asking for bank logins.',
  declaration: 'yes',
};
const typed = ['Daryna Typedname', 'typed-notice', 'TYPED-NOTICE-TEXT'];

// The words a reporter must read, written out (content/rules.yaml's acted_on and
// no_violation, its material_removed; content/messages/notice.yaml's subjects): a change
// to them should show up here.
const words = {
  uk: { subject: 'Рішення щодо скарги', corrected: 'Виправлене рішення щодо скарги', acted: 'Вжито заходів', removed: 'Матеріали видалено', none: 'Порушення не виявлено' },
  ru: { subject: 'Решение по жалобе', corrected: 'Исправленное решение по жалобе', acted: 'Приняты меры', removed: 'Материалы удалены', none: 'Нарушение не выявлено' },
  en: { subject: 'Decision on report', corrected: 'Corrected decision on report', acted: 'Action taken', removed: 'Material removed', none: 'No violation found' },
};

// The letters that tell Ukrainian from Russian text, for "in the report's language".
const ukrainian = /[іїєґ]/i;
const russian = /[ыэъё]/i;

// The address a header names, without its display name or angle brackets.
const address = (value) => /<([^>]+)>/.exec(value ?? '')?.[1] ?? (value ?? '').trim();

let clients = 0;
const client = () => `203.0.113.${100 + ++clients}`;

async function post(worker, fields) {
  const res = await fetch(`${worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': client() },
    body: JSON.stringify({ ...report, ...fields }),
  });
  const answer = await res.json();
  assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
  return answer.reference;
}

async function held(worker, ref) {
  const res = await fetch(`${worker.url}/api/admin/reports/${ref}`, { headers: admin });
  return { status: res.status, ...(await res.json()) };
}

async function sweep(worker) {
  const res = await fetch(`${worker.url}/__scheduled`);
  await res.arrayBuffer();
  assert.equal(res.status, 200);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// until polls check, sweeping as cron would between tries (the queue gives up on a message
// that fails eleven times in a row; the sweep sends it), until it returns a value.
async function until(worker, what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await check();
    if (got) return got;
    assert.ok(Date.now() < deadline, `${what} within ${timeoutMs} ms:\n${worker.log().split('\n').slice(-20).join('\n')}`);
    await sweep(worker);
    await sleep(1_000);
  }
}

// decide records a decision through the operator's API (the desk's tools use it as the
// desk's page does), and returns its answer; the answer's outcome is the desk's to name, so
// only its success is checked here.
async function decide(worker, ref, decision) {
  const res = await fetch(`${worker.url}/api/admin/reports/${ref}/decision`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'decided', ...decision }),
  });
  const text = await res.text();
  assert.ok(res.ok, `recording ${JSON.stringify(decision)} on ${ref}: ${res.status} ${text}`);
  return text;
}

// notices are the decision notices the reporters' mailbox holds about ref, by step.
async function notices(worker, ref) {
  return (await worker.confirmations.all()).filter((m) => m.headers.has('x-abusedesk-notice') && m.headers.get('x-abusedesk-reference') === ref);
}

test('a decision is told once to the reporter who gave an address, in their language, with the mailboxes failing half the time; a correction is told too; erasure takes the case and its notices', { timeout: 240_000 }, async () => {
  const worker = await startWorker({
    faults: true,
    vars: { MAILBOX_FAILURE_RATE: '0.5', SWEEP_AFTER: '2s', ADMIN_TOKEN },
    testScheduled: true,
  });
  try {
    const refs = {};
    const statusLinks = {};
    for (const lang of ['uk', 'ru', 'en']) refs[lang] = await post(worker, { lang, email: `${lang}.notice@example.org` });
    for (const [lang, ref] of Object.entries(refs)) {
      await until(worker, `${lang}: ${ref} delivered`, async () => (await held(worker, ref)).delivered);
      await decide(worker, ref, { outcome: 'acted_on', measure: 'material_removed' });
    }

    for (const [lang, ref] of Object.entries(refs)) {
      const [mail] = await until(worker, `${lang}: the notice of ${ref}`, async () => {
        const got = await notices(worker, ref);
        return got.length > 0 && got;
      });
      const w = words[lang];
      assert.equal(address(mail.headers.get('to')), `${lang}.notice@example.org`);
      assert.equal(mail.subject, `${w.subject} ${ref}: ${w.acted}`);
      assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
      assert.match(mail.headers.get('reply-to'), /abuse@example\.com/, 'replies do not reach the abuse desk');
      assert.match(mail.headers.get('content-type'), /^text\/plain/);
      assert.equal(mail.parts.length, 1);
      for (const want of [ref, w.acted, w.removed, 'abuse@example.com', `/${lang}/status/?ref=${ref}&token=`]) {
        assert.ok(mail.body.includes(want), `${lang}: the notice lacks "${want}":\n${mail.body}`);
      }
      for (const word of typed) assert.ok(!mail.raw.includes(word), `${lang}: the notice carries "${word}":\n${mail.raw}`);
      // The status link it carries shows the report decided, in the outcome's words, as a
      // page without JavaScript and as JSON for the token's bearer.
      const link = new URL(/https?:\/\/\S+\/status\/\?ref=\S+/.exec(mail.body)[0]);
      const page = await fetch(`${worker.url}${link.pathname}${link.search}`);
      const html = await page.text();
      assert.equal(page.status, outcomes.Status.status, html);
      for (const want of [w.acted, w.removed]) assert.ok(html.includes(want), `${lang}: the status page lacks "${want}"`);
      for (const word of typed) assert.ok(!html.includes(word), `${lang}: the status page shows "${word}"`);
      statusLinks[lang] = link;
      const json = await fetch(`${worker.url}/api/reports/${ref}/status`, { headers: { authorization: `Bearer ${link.searchParams.get('token')}` } });
      const status = await json.json();
      assert.equal(json.status, outcomes.Status.status, JSON.stringify(status));
      assert.equal(status.state, 'decided');
      assert.equal(status.decision.title, w.acted, JSON.stringify(status));
      const body = mail.body.replace(/https?:\S+/g, '');
      if (lang === 'uk') assert.ok(ukrainian.test(body) && !russian.test(body), body);
      if (lang === 'ru') assert.ok(russian.test(body) && !ukrainian.test(body), body);
      if (lang === 'en') assert.doesNotMatch(body, /[а-яіїєґ]/i, body);
    }

    // A correction: a second notice, saying so, after the first.
    await decide(worker, refs.uk, { outcome: 'no_violation' });
    const corrected = await until(worker, 'the correction\'s notice', async () => {
      const got = await notices(worker, refs.uk);
      return got.find((m) => m.subject.startsWith(words.uk.corrected));
    });
    assert.equal(corrected.subject, `${words.uk.corrected} ${refs.uk}: ${words.uk.none}`);
    assert.ok(corrected.body.includes(words.uk.none), corrected.body);

    // Every notice's queue message and every sweep has had its turn: none arrived twice.
    await sleep(3_000);
    await sweep(worker);
    await sweep(worker);
    await sleep(2_000);
    for (const [lang, ref] of Object.entries(refs)) {
      const steps = (await notices(worker, ref)).map((m) => m.headers.get('x-abusedesk-notice')).sort();
      assert.equal(steps.length, lang === 'uk' ? 2 : 1, `${lang}: notices of steps ${steps}`);
      assert.equal(new Set(steps).size, steps.length, `${lang}: a notice sent twice: steps ${steps}`);
      const h = await held(worker, ref);
      assert.equal(h.notices_waiting, 0, JSON.stringify(h));
      assert.equal(h.notices_sent, steps.length, JSON.stringify(h));
      assert.equal(h.case_steps, steps.length, JSON.stringify(h));
    }
    const injected = worker.log().split('\n').filter((l) => l.includes('notify:') && l.includes('injected mailbox failure')).length;
    console.log(`# ${injected} injected failures of a notice's send`);

    // Erased at an operator's word: the report, its case, its notices' records.
    const before = await held(worker, refs.en);
    const res = await fetch(`${worker.url}/api/admin/reports/${refs.en}`, { method: 'DELETE', headers: admin });
    const erased = await res.json();
    assert.equal(res.status, outcomes.Erased.status, JSON.stringify(erased));
    assert.deepEqual(erased, { reference: refs.en, objects: before.objects });
    assert.equal((await held(worker, refs.en)).status, outcomes.NotFound.status);
    const gone = await fetch(`${worker.url}${statusLinks.en.pathname}${statusLinks.en.search}`);
    await gone.arrayBuffer();
    assert.equal(gone.status, outcomes.StatusNotFound.status, 'the erased report\'s status link still answers');
  } finally {
    await worker.stop();
  }
});

test('without the CONFIRMATIONS binding a decision is recorded and no notice waits', { timeout: 90_000 }, async () => {
  const { rawConfig } = readRawConfig({ config: 'wrangler.jsonc' });
  const config = 'notice-no-confirmations.wrangler.json';
  await writeFile(config, JSON.stringify({ ...rawConfig, send_email: rawConfig.send_email.filter((b) => b.name !== 'CONFIRMATIONS') }));
  const worker = await startWorker({ config, vars: { ADMIN_TOKEN }, testScheduled: true });
  try {
    const ref = await post(worker, { lang: 'en', email: 'en.unbound@example.org' });
    await until(worker, `${ref} delivered`, async () => (await held(worker, ref)).delivered);
    await decide(worker, ref, { outcome: 'acted_on', measure: 'material_removed' });
    const h = await held(worker, ref);
    assert.equal(h.case_steps, 1, JSON.stringify(h));
    assert.equal(h.notices_waiting, 0, JSON.stringify(h));
    await sweep(worker);
    await sleep(1_000);
    assert.deepEqual(await worker.confirmations.all(), []);
  } finally {
    await worker.stop();
    await rm(config, { force: true });
  }
});
