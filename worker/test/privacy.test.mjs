// A reporter's personal data under the real runtime (README: Personal data): the notice
// where it is collected, the choice whether the customer learns who complained, the
// confirmation of receipt each reporter is mailed, what the scheduled run deletes when
// rules.yaml's retention says so (never a report not yet delivered), and erasure by
// reference. The Worker's clock is moved on with CLOCK_OFFSET, a variable no configuration
// sets and only the Worker built with the fault injection reads (package worker/faults,
// `make worker-faults`; startWorker({ faults: true })). Run by `make test`.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { experimental_readRawConfig as readRawConfig } from 'wrangler';

import { launchChromium, startModule, waitForReceipt } from './browser.mjs';
import { outcomes } from './outcomes.mjs';
import { startWorker } from './wrangler.mjs';

const ADMIN_TOKEN = 'operator-token-for-privacy-tests';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

// A report whose every word the reporter typed is marked, to find it wherever it should
// not be.
const report = {
  lang: 'en',
  requester: 'person',
  full_name: 'Mykola Typedname',
  email: 'mykola.reporter@example.org',
  category: 'phishing',
  resource: 'https://login.typed-resource.example.net/',
  evidence_urls: 'https://login.typed-resource.example.net/form',
  message: 'TYPED-FREE-TEXT: a page asking for bank logins.',
  declaration: 'yes',
};
const typed = ['Mykola Typedname', 'typed-resource', 'TYPED-FREE-TEXT'];

// The words a reporter must see, written out (content/messages/privacy.yaml): a change to
// them should show up here. On the review step, then on the receipt.
const words = {
  uk: {
    reviewWithheld: 'Не передаємо: скаржником для клієнта буде наша служба з питань зловживань.',
    reviewShared: 'Передаємо клієнтові, як ви дозволили.',
    withheld: 'Ваші імʼя та контакти клієнтові не передаємо: скаржником для нього буде наша служба з питань зловживань.',
    shared: 'Ви дозволили передати клієнтові ваші імʼя та контакти.',
    confirmation: 'Підтвердження з цим номером надішлемо на вказану вами адресу електронної пошти.',
  },
  ru: {
    reviewWithheld: 'Не передаём: заявителем для клиента будет наш отдел по работе с жалобами.',
    reviewShared: 'Передаём клиенту, как вы разрешили.',
    withheld: 'Ваши имя и контакты клиенту не передаём: заявителем для него будет наш отдел по работе с жалобами.',
    shared: 'Вы разрешили передать клиенту ваши имя и контакты.',
    confirmation: 'Подтверждение с этим номером отправим на указанный вами адрес электронной почты.',
  },
  en: {
    reviewWithheld: 'Not passed on: to the customer, the report comes from our abuse desk.',
    reviewShared: 'Passed on to the customer, as you allowed.',
    withheld: 'We do not pass your name and contact details to the customer: to them, the report comes from our abuse desk.',
    shared: 'You allowed us to pass your name and contact details to the customer.',
    confirmation: 'We are sending a confirmation with this number to the e-mail address you gave.',
  },
};

// The letters that tell Ukrainian from Russian text, for "in the report's language".
const ukrainian = /[іїєґ]/i;
const russian = /[ыэъё]/i;

// The address a header names, without its display name or angle brackets.
const address = (value) => /<([^>]+)>/.exec(value ?? '')?.[1] ?? (value ?? '').trim();

let clients = 0;
const client = () => `203.0.113.${++clients}`;

async function post(worker, fields, { key, ip = client() } = {}) {
  const res = await fetch(`${worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ ...report, ...fields }),
  });
  const answer = await res.json();
  assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
  return answer;
}

async function held(worker, ref) {
  const res = await fetch(`${worker.url}/api/admin/reports/${ref}`, { headers: admin });
  const answer = await res.json();
  return { status: res.status, ...answer };
}

async function sweep(worker) {
  const res = await fetch(`${worker.url}/__scheduled`);
  await res.arrayBuffer();
  assert.equal(res.status, 200);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('each reporter gets one confirmation in their language: the reference, no attachment, nothing they typed', { timeout: 90_000 }, async () => {
  const worker = await startWorker({ vars: { ADMIN_TOKEN } });
  try {
    // Three posts under one key, as a double click and a retry send them: one report, one
    // confirmation.
    const key = `privacy-${Date.now()}`;
    const uk = { lang: 'uk', email: 'olena.uk@example.org' };
    const ip = client();
    const answers = await Promise.all([post(worker, uk, { key, ip }), post(worker, uk, { key, ip })]);
    answers.push(await post(worker, uk, { key, ip }));
    const ref = answers[0].reference;
    for (const a of answers) {
      assert.equal(a.reference, ref);
      assert.equal(a.confirmation, true, 'the 201 answer does not say a confirmation comes');
      assert.equal(a.identity_shared, false, 'the reporter was named without agreeing');
    }
    const ru = await post(worker, { lang: 'ru', email: 'oleg.ru@example.org' });
    const en = await post(worker, { lang: 'en', email: 'jane.en@example.org' });

    for (const [lang, answer, to] of [['uk', answers[0], uk.email], ['ru', ru, 'oleg.ru@example.org'], ['en', en, 'jane.en@example.org']]) {
      const mail = await worker.confirmations.waitFor((m) => m.headers.get('x-abusedesk-reference') === answer.reference, 15_000);
      assert.equal(address(mail.headers.get('to')), to);
      assert.ok(mail.subject.includes(answer.reference), mail.subject);
      assert.ok(mail.body.includes(answer.reference), mail.body);
      assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
      // Replies go to the abuse desk, not to whoever typed the address.
      assert.match(mail.headers.get('reply-to'), /abuse@example\.com/);
      assert.match(mail.headers.get('content-type'), /^text\/plain/, 'a confirmation with parts');
      assert.equal(mail.parts.length, 1);
      for (const word of typed) assert.ok(!mail.raw.includes(word), `the confirmation carries "${word}":\n${mail.raw}`);
      // The deadlines as the receipt says them, and the pages to read next.
      for (const line of answer.deadlines) assert.ok(mail.body.includes(line), `the confirmation lacks "${line}":\n${mail.body}`);
      assert.ok(mail.body.includes(`/${lang}/privacy/`) && mail.body.includes(`/${lang}/expect/`), mail.body);
      const body = mail.body.replace(/https?:\S+/g, '');
      if (lang === 'uk') assert.ok(ukrainian.test(body) && !russian.test(body), body);
      if (lang === 'ru') assert.ok(russian.test(body) && !ukrainian.test(body), body);
      if (lang === 'en') assert.doesNotMatch(body, /[а-яіїєґ]/i, body);
    }
    await sleep(2_000);
    const sent = (await worker.confirmations.all()).map((m) => m.headers.get('x-abusedesk-reference'));
    assert.deepEqual(sent.filter((r) => r === ref), [ref], 'a report posted three times under one key confirmed more than once');
    // The desk's mail is there too, once, and not held back by the confirmation.
    assert.equal((await worker.mailbox.all()).filter((m) => m.headers.get('x-abusedesk-reference') === ref).length, 1);

    // Not an e-mail cannon: an address gets at most three a day, whoever posts for it.
    const target = 'someone.else@example.org';
    const promised = [];
    for (let i = 0; i < 4; i++) promised.push((await post(worker, { email: target, message: `Report ${i} naming another's address.` })).confirmation);
    assert.deepEqual(promised, [true, true, true, false]);
    // And one client address gets at most five, whatever addresses it types.
    const cannon = client();
    const fromOne = [];
    for (let i = 0; i < 6; i++) fromOne.push((await post(worker, { email: `victim${i}@example.org` }, { ip: cannon })).confirmation);
    assert.deepEqual(fromOne, [true, true, true, true, true, false]);
    await sleep(3_000);
    assert.equal((await worker.confirmations.all()).filter((m) => address(m.headers.get('to')) === target).length, 3);

    // A robot's post (the honeypot filled) is answered like a report and sends nothing.
    const robot = await post(worker, { website: 'http://spam.example/', email: 'robot-target@example.org' });
    await sleep(2_000);
    assert.equal((await worker.confirmations.all()).filter((m) => address(m.headers.get('to')) === 'robot-target@example.org').length, 0);
    assert.equal(robot.confirmation, true, 'the honeypot answer differs from a real one, which tells the robot');
  } finally {
    await worker.stop();
  }
});

test('without the CONFIRMATIONS binding nothing is sent and nothing promised', { timeout: 60_000 }, async () => {
  const { rawConfig } = readRawConfig({ config: 'wrangler.jsonc' });
  const config = 'privacy-no-confirmations.wrangler.json';
  await writeFile(config, JSON.stringify({ ...rawConfig, send_email: rawConfig.send_email.filter((b) => b.name !== 'CONFIRMATIONS') }));
  const worker = await startWorker({ config });
  try {
    const answer = await post(worker, {});
    assert.equal(answer.confirmation, false);
    await worker.mailbox.waitFor((m) => m.headers.get('x-abusedesk-reference') === answer.reference);
    assert.deepEqual(await worker.confirmations.all(), []);
    // The receipt page of a form sent without JavaScript says no more than the answer.
    const res = await fetch(`${worker.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', 'cf-connecting-ip': client(), origin: worker.url },
      body: new URLSearchParams({ ...report, message: 'Without JavaScript.' }),
    });
    const html = await res.text();
    assert.equal(res.status, outcomes.Accepted.status, html);
    // The receipt alone: the page also holds the browser module's words, all of them.
    const page = html.slice(html.indexOf('id="receipt"'), html.indexOf('</div>', html.indexOf('id="receipt"')));
    assert.ok(page.includes(words.en.withheld), page);
    assert.ok(!page.includes(words.en.confirmation), 'the receipt promises a confirmation no one sends');
  } finally {
    await worker.stop();
    await rm(config, { force: true });
  }
});

test('the desk sees whether the reporter may be named, and what it forwards names them only if so', { timeout: 60_000 }, async () => {
  const worker = await startWorker();
  try {
    for (const share of [false, true]) {
      const answer = await post(worker, share ? { share_identity: 'yes' } : {});
      assert.equal(answer.identity_shared, share);
      const mail = await worker.mailbox.waitFor((m) => m.headers.get('x-abusedesk-reference') === answer.reference);
      assert.equal(mail.headers.get('x-abusedesk-reporter-identity'), share ? 'shared' : 'withheld');
      const summary = mail.parts.find((p) => /customer-summary\.txt/.test(p.headers.get('content-disposition') ?? ''));
      const xarf = JSON.parse(mail.parts.find((p) => p.type === 'application/json').bytes.toString('utf8'));
      const forwarded = summary.bytes.toString('utf8') + JSON.stringify(xarf);
      for (const who of [report.full_name, report.email]) {
        assert.equal(forwarded.includes(who), share, `${share ? 'without' : 'with'} "${who}" in what the customer may get`);
      }
      assert.equal(xarf.reporter.contact, share ? report.email : 'abuse@example.com');
      // The desk itself always sees who reported.
      assert.ok(mail.body.includes(report.email), mail.body);
    }
  } finally {
    await worker.stop();
  }
});

// The notice and the choice as a reporter meets them, in each language, with JavaScript
// and without.
test('the form shows where the data goes before it is sent, and the choice on the review step and the receipt', { timeout: 180_000 }, async () => {
  const worker = await startWorker();
  const browser = await launchChromium();
  try {
    for (const lang of ['uk', 'ru', 'en']) {
      for (const javaScript of [true, false]) {
        const context = await browser.newContext({ javaScriptEnabled: javaScript, extraHTTPHeaders: { 'cf-connecting-ip': client() } });
        const page = await context.newPage();
        try {
          await page.goto(`${worker.url}/${lang}/report/`);
          const notice = page.locator('#privacy-notice');
          assert.ok(await notice.isVisible(), `${lang}: no notice above the send button`);
          assert.equal(await notice.locator(`a[href="/${lang}/privacy/"]`).count(), 1, `${lang}: the notice does not link the privacy page`);
          assert.equal(await page.isChecked('#share_identity'), false, `${lang}: the reporter is named unless they say no`);
          if (javaScript) await startModule(page);
          await page.selectOption('#requester', 'person');
          await page.selectOption('#category', 'phishing');
          await page.fill('#full_name', report.full_name);
          // An address of its own: one address gets three confirmations a day.
          await page.fill('#email', `${lang}.${javaScript ? 'js' : 'html'}@example.org`);
          await page.fill('#resource', report.resource);
          await page.fill('#evidence_urls', report.evidence_urls);
          await page.fill('#message', report.message);
          if (javaScript) {
            // The review step says the choice; back to the form to change it, and it
            // says the new one.
            await page.click('#submit');
            await page.locator('#review-summary').waitFor({ state: 'visible', timeout: 10_000 });
            const before = await page.textContent('#review-summary');
            assert.ok(before.includes(words[lang].reviewWithheld), `${lang}: ${before}`);
            await page.click('#review-change');
            await page.check('#share_identity');
            await page.click('#submit');
            await page.locator('#review-summary').waitFor({ state: 'visible', timeout: 10_000 });
            const after = await page.textContent('#review-summary');
            assert.ok(after.includes(words[lang].reviewShared) && !after.includes(words[lang].reviewWithheld), `${lang}: ${after}`);
            await page.check('#declaration');
            await page.click('#submit');
          } else {
            await page.check('#declaration');
            await page.check('#share_identity');
            await page.click('#submit');
          }
          await waitForReceipt(page);
          const receipt = await page.textContent('#receipt');
          // The receipt says the choice and that a confirmation comes, with the module as
          // without.
          assert.ok(receipt.includes(words[lang].shared) && !receipt.includes(words[lang].withheld), `${lang}: ${receipt}`);
          assert.ok(receipt.includes(words[lang].confirmation), `${lang}: the receipt does not say a confirmation comes: ${receipt}`);
        } finally {
          await context.close();
        }
      }
    }
    // Every page's footer links the privacy notice in its language.
    for (const lang of ['uk', 'ru', 'en']) {
      for (const page of ['', 'policy/', 'procedure/', 'expect/', 'report/', 'privacy/']) {
        const html = await (await fetch(`${worker.url}/${lang}/${page}`)).text();
        const footer = html.slice(html.lastIndexOf('<footer'));
        assert.ok(footer.includes(`href="/${lang}/privacy/"`), `/${lang}/${page}: no link to the privacy notice in the footer`);
      }
    }
  } finally {
    await browser.close();
    await worker.stop();
  }
});

// rules.yaml's retention of what is named, in days, as legal set it: delivered_reports,
// case_records.
async function retentionDays(name) {
  const rules = await readFile(path.join('..', 'content', 'rules.yaml'), 'utf8');
  const days = new RegExp(`^\\s+${name}:\\s*(\\d+)\\s*$`, 'm').exec(rules)?.[1];
  assert.ok(days, `rules.yaml has no retention: ${name}`);
  return Number(days);
}

// caseOnly says that what is held of a report is its case alone: the head written when it
// was forwarded, kept its own period after the report went.
function caseOnly(h, what) {
  assert.equal(h.status, outcomes.Held.status, `${what}: ${JSON.stringify(h)}`);
  assert.equal(h.received, undefined, `${what}: the report is still held: ${JSON.stringify(h)}`);
  assert.equal(h.files, 0, `${what}: ${JSON.stringify(h)}`);
  assert.equal(h.objects, 1, `${what}: more than the case's head: ${JSON.stringify(h)}`);
}

// delivered waits until the store records the report ref delivered, and says when.
async function delivered(worker, ref) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const h = await held(worker, ref);
    if (h.status === outcomes.Held.status && h.delivered) return h;
    assert.ok(Date.now() < deadline, `report ${ref} not recorded delivered: ${JSON.stringify(h)}`);
    await sleep(250);
  }
}

test('the scheduled run deletes a delivered report once retention allows no more, keeps a young one and every undelivered one, and its case its own time after; an operator erases one by reference', { timeout: 300_000 }, async () => {
  const days = await retentionDays('delivered_reports');
  const caseDays = await retentionDays('case_records');
  const state = await mkdtemp(path.join(tmpdir(), 'abusedesk-state-'));
  const { rawConfig } = readRawConfig({ config: 'wrangler.jsonc' });
  const noDelivery = 'privacy-no-delivery.wrangler.json';
  await writeFile(noDelivery, JSON.stringify({ ...rawConfig, queues: { producers: rawConfig.queues.producers } }));
  try {
    // Today: A is delivered; E is delivered, then erased at an operator's word.
    let a;
    const today = await startWorker({ vars: { ADMIN_TOKEN }, persistTo: state });
    try {
      a = (await post(today, { message: 'A: delivered today.' })).reference;
      const key = `erase-me-${Date.now()}`;
      const fields = { message: 'E: to be erased.' };
      const e = (await post(today, fields, { key })).reference;
      await delivered(today, a);
      const before = await delivered(today, e);
      assert.ok(before.objects >= 3, `the report, its key and its index at least: ${JSON.stringify(before)}`);

      const erase = (ref, headers = admin) => fetch(`${today.url}/api/admin/reports/${ref}`, { method: 'DELETE', headers });
      const refused = await erase(e, { authorization: 'Bearer guess' });
      assert.equal(refused.status, outcomes.Unauthorized.status);
      await refused.arrayBuffer();
      const res = await erase(e);
      const erased = await res.json();
      assert.equal(res.status, outcomes.Erased.status, JSON.stringify(erased));
      assert.deepEqual(erased, { reference: e, objects: before.objects });
      assert.equal((await held(today, e)).status, outcomes.NotFound.status);
      for (const ref of [e, 'AD-20260101-ZZZZZZ', 'not-a-reference']) {
        const again = await erase(ref);
        assert.equal(again.status, outcomes.NotFound.status, ref);
        await again.arrayBuffer();
      }
      // Its idempotency key went with it: the same post files a new report.
      assert.notEqual((await post(today, fields, { key })).reference, e);
      // The log names the erased report by its reference, and nothing the reporter wrote.
      const lines = today.log().split('\n').filter((l) => l.includes(e));
      assert.ok(lines.some((l) => /erased/.test(l)), `no log of the erasure:\n${lines.join('\n')}`);
      for (const l of lines.filter((l) => /erase/.test(l))) {
        for (const word of [report.full_name, report.email, fields.message]) assert.ok(!l.includes(word), l);
      }
      assert.equal((await held(today, a)).status, outcomes.Held.status, 'erasing one report took another');
    } finally {
      await today.stop();
    }
    // Today still: C waits for the mailbox (no queue consumer, as after a lost message).
    let c;
    const down = await startWorker({ config: noDelivery, persistTo: state });
    try {
      c = (await post(down, { message: 'C: not yet delivered.' })).reference;
    } finally {
      await down.stop();
    }

    // The Worker `n` days on, one sweep, then check.
    const later = async (n, vars, check) => {
      const w = await startWorker({ faults: true, vars: { ADMIN_TOKEN, CLOCK_OFFSET: `${n * 24}h`, SWEEP_AFTER: '1s', ...vars }, persistTo: state, testScheduled: true });
      try {
        await sleep(1_100);
        await sweep(w);
        await check(w);
      } finally {
        await w.stop();
      }
    };
    // A day short of the period, the mailbox down: A is young enough to stay; C stays,
    // undelivered.
    await later(days - 1, { MAILBOX_FAILURE_RATE: '1' }, async (w) => {
      assert.equal((await held(w, a)).status, outcomes.Held.status, 'a delivered report deleted before its time');
      const waiting = await held(w, c);
      assert.equal(waiting.status, outcomes.Held.status);
      assert.equal(waiting.pending, true);
    });
    // A day past it, the mailbox still down: A is gone, but for its case; C, older still,
    // stays.
    await later(days + 1, { MAILBOX_FAILURE_RATE: '1' }, async (w) => {
      caseOnly(await held(w, a), 'a delivered report kept past its time');
      const waiting = await held(w, c);
      assert.equal(waiting.status, outcomes.Held.status, 'an undelivered report deleted');
      assert.equal(waiting.pending, true);
    });
    // The mailbox back: the sweep delivers C, which, delivered that day, stays.
    await later(days + 1, {}, async (w) => {
      await w.mailbox.waitFor((m) => m.headers.get('x-abusedesk-reference') === c);
      await delivered(w, c);
      await sweep(w);
      assert.equal((await held(w, c)).status, outcomes.Held.status, 'a report deleted the day it was delivered');
    });
    // Its own period past its delivery, C goes too, but for its case.
    await later(2 * days + 3, {}, async (w) => {
      caseOnly(await held(w, c), 'a delivered report kept past its time');
      caseOnly(await held(w, a), 'a case gone before its time');
    });
    // The cases' period past their last step (forwarding, here): both go.
    await later(days + 1 + caseDays + 1, {}, async (w) => {
      assert.equal((await held(w, a)).status, outcomes.NotFound.status, 'a case kept past its time');
      assert.equal((await held(w, c)).status, outcomes.NotFound.status, 'a case kept past its time');
    });
  } finally {
    await rm(state, { recursive: true, force: true });
    await rm(noDelivery, { force: true });
  }
});
