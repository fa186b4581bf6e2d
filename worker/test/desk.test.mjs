// The desk's side of a report's case under wrangler dev (README: The desk's side): the
// link its mail carries, read from the .eml; the report's page, which a GET does not
// change; its forms posted in Chromium without JavaScript under the page's own CSP, and
// the page after them with the statement of reasons and its JSON; the operator's decision
// API; and the hostile cases: guessed, cut and other reports' tokens, an expired link, a
// post from another site, a replayed form, a note that is not one of the templates.
// Run by `make test` (after `make build`).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';

import { launchChromium } from './browser.mjs';
import { outcomes } from './outcomes.mjs';
import { LINK_SECRET, startWorker, statusToken } from './wrangler.mjs';

const ADMIN_TOKEN = 'desk-operator-token';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

const report = {
  lang: 'en',
  requester: 'person',
  full_name: 'Desk Typedname',
  email: 'desk.reporter@example.org',
  category: 'spam',
  channel: 'email',
  resource: 'mx.typed-resource.example.net',
  message: 'TYPED-FREE-TEXT: spam since 08:00.',
  message_headers: 'Received: from mx.typed-resource.example.net',
  declaration: 'yes',
};

let worker;
let browser;

before(async () => {
  worker = await startWorker({ vars: { ADMIN_TOKEN } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await worker?.stop();
});

let clients = 0;

// file posts a report and returns its reference and the desk's link to its page, read
// from the mail the abuse mailbox got, on this Worker's address.
async function file(fields = {}) {
  const res = await fetch(`${worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': `203.0.113.${++clients}` },
    body: JSON.stringify({ ...report, ...fields }),
  });
  const answer = await res.json();
  assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
  const mail = await worker.mailbox.waitFor((m) => m.headers.get('x-abusedesk-reference') === answer.reference);
  const found = /^.*(https:\/\/abuse\.example\.com(\/desk\/\S+))$/m.exec(mail.body);
  assert.ok(found, `no desk link in the desk's mail:\n${mail.body}`);
  assert.ok(!mail.parts.some((p) => p.params.name === 'customer-summary.txt' && p.bytes.toString().includes('/desk/')), 'the customer summary carries the link');
  return { reference: answer.reference, link: worker.url + found[2], mail };
}

// deskToken signs a desk link as the Worker does (package worker/links): the first 32
// bytes of HMAC-SHA256 under LINK_SECRET of its parts, each written with its length.
function deskToken(ref, expires) {
  const h = createHmac('sha256', LINK_SECRET);
  for (const part of ['desk', ref, String(expires)]) h.update(`${Buffer.byteLength(part)}:${part}`);
  return h.digest().subarray(0, 32).toString('base64url');
}

const get = (url) => fetch(url, { headers: { accept: HTML }, redirect: 'manual' });

// post sends a form to the page as a browser on it would.
const post = (url, fields) => fetch(url, {
  method: 'POST', redirect: 'manual',
  headers: { accept: HTML, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
  body: new URLSearchParams(fields).toString(),
});

// hidden reads the hidden fields of the page's form that records state.
function hidden(page, state) {
  for (const form of page.split('<form ').slice(1)) {
    const body = form.split('</form>')[0];
    if (!body.includes(`name="state" value="${state}"`)) continue;
    return Object.fromEntries([...body.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
  }
  throw new Error(`no form for ${state}`);
}

test("the desk's link opens the report's page; GET changes nothing; its forms record without JavaScript", { timeout: 90000 }, async () => {
  const { reference, link } = await file();
  const first = await get(link);
  const page = await first.text();
  assert.equal(first.status, outcomes.Desk.status);
  assert.match(first.headers.get('content-security-policy'), new RegExp(`form-action ${worker.url}/desk/${reference};`));
  assert.doesNotMatch(first.headers.get('content-security-policy'), /script-src/);
  assert.equal(first.headers.get('cache-control'), 'no-store');
  assert.equal(first.headers.get('x-robots-tag'), 'noindex, nofollow');
  assert.equal(first.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(first.headers.get('set-cookie'), null);
  for (const typed of ['Typedname', 'TYPED-FREE-TEXT', 'typed-resource']) assert.ok(!page.includes(typed), `the page shows ${typed}`);
  // Opened again, as a mail scanner and then the desk would: the same case, still two steps.
  const again = await (await get(link)).text();
  assert.equal(hidden(again, 'decided').step, '2');
  assert.equal(again.match(/<ol>[\s\S]*?<\/ol>/)[0], page.match(/<ol>[\s\S]*?<\/ol>/)[0]);

  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'uk' });
  const tab = await context.newPage();
  // Every answer but the refused decision's loads; a stylesheet the CSP blocked would not.
  const errors = [];
  tab.on('response', (r) => { if (r.status() >= 400 && r.status() !== outcomes.DeskInvalid.status) errors.push(`${r.status()} ${r.url()}`); });
  tab.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  try {
    await tab.goto(link);
    assert.equal(await tab.textContent('h1'), `Скарга ${reference}`);

    // The customer notified, at the default time (now): the page after says so.
    await tab.click('#notify-title ~ form button[type=submit]');
    await tab.waitForURL(/recorded=2$/);
    assert.match(await tab.textContent('p.status[role=status]'), /Записано: клієнта повідомлено\./);
    assert.match(await tab.textContent('main'), /Клієнта повідомлено .*: він має відповісти до /);

    await tab.fill('#answer', 'Mailer removed.\nSorry.');
    await tab.click('#answer-title ~ form button[type=submit]');
    await tab.waitForURL(/recorded=3$/);
    assert.match(await tab.textContent('main'), /Mailer removed\./);

    // A decision missing its measure comes back with its problem, then is recorded.
    await tab.check('#outcome-first');
    await tab.click('#decide-title ~ form button[type=submit]');
    await tab.waitForSelector('.error-summary');
    assert.match(await tab.title(), /^Помилка: /);
    assert.match(await tab.textContent('#measure-error'), /виберіть, який захід вжито/);
    await tab.selectOption('#measure', 'outgoing_traffic_suspended');
    await tab.check('#note-thanks');
    await tab.click('#decide-title ~ form button[type=submit]');
    await tab.waitForURL(/recorded=4$/);
    const main = await tab.textContent('main');
    assert.match(main, /Обґрунтування рішення для клієнта/);
    assert.match(main, /Вихідний трафік призупинено/);
    assert.match(main, /https:\/\/abuse\.example\.com\/uk\/policy\/#contest/);
    assert.match(main, /ще не затвердили юристи/);
    assert.ok(!main.includes('Typedname'), 'the statement names the reporter, who did not agree');
    assert.deepEqual(errors, []);

    // The reporter's status link shows what the desk's page recorded.
    const status = await fetch(`${worker.url}/api/reports/${reference}/status`, { headers: { authorization: `Bearer ${statusToken(reference)}` } });
    const seen = await status.json();
    assert.equal(status.status, outcomes.Status.status, JSON.stringify(seen));
    assert.equal(seen.state, 'decided');
    assert.equal(seen.decision.outcome, 'acted_on');
    assert.equal(seen.decision.measure, 'outgoing_traffic_suspended');
    assert.ok(seen.states.find((s) => s.state === 'customer_notified').at, JSON.stringify(seen.states));

    const href = await tab.getAttribute('a[href*="statement.json"]', 'href');
    const res = await fetch(new URL(href, worker.url));
    const statement = await res.json();
    assert.equal(res.status, outcomes.Statement.status);
    assert.equal(statement.decision_provision, 'DECISION_PROVISION_PARTIAL_SUSPENSION');
    assert.equal(statement.decision_ground, 'DECISION_GROUND_INCOMPATIBLE_CONTENT');
    assert.equal(statement.category, 'STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE');
    assert.equal(statement.source_type, 'SOURCE_ARTICLE_16');
    assert.equal(statement.automated_decision, 'AUTOMATED_DECISION_NOT_AUTOMATED');
    assert.equal(statement.puid, reference);
    assert.match(statement.application_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(statement.decision_facts.includes('TYPED-FREE-TEXT') && !statement.decision_facts.includes('Typedname'));
  } finally {
    await context.close();
  }
});

test('the operator records through the API, once per expected step, and gets the case', async () => {
  const { reference } = await file();
  const decide = (body, token = ADMIN_TOKEN) => fetch(`${worker.url}/api/admin/reports/${reference}/decision`, {
    method: 'POST', headers: { ...admin, authorization: `Bearer ${token}` }, body: JSON.stringify(body),
  });
  let res = await decide({ state: 'decided', outcome: 'no_violation' }, 'wrong');
  assert.equal(res.status, outcomes.Unauthorized.status);
  res = await decide({ state: 'decided', outcome: 'acted_on' });
  assert.equal(res.status, outcomes.DeskInvalid.status);
  assert.deepEqual((await res.json()).problems.map((p) => [p.field, p.code]), [['measure', 'measure_required']]);

  const step = { state: 'decided', outcome: 'acted_on', measure: 'ports_blocked', note: 'thanks', expected_step: 2 };
  res = await decide(step);
  let c = await res.json();
  assert.equal(res.status, outcomes.CaseRecorded.status, JSON.stringify(c));
  assert.equal(c.state, 'decided');
  assert.equal(c.steps, 3);
  assert.deepEqual(c.history.map((e) => e.state), ['received', 'forwarded', 'decided']);
  assert.equal(c.history[2].by, 'operator');
  assert.equal(c.statement_of_reasons.decision_provision, 'DECISION_PROVISION_PARTIAL_SUSPENSION');

  res = await decide(step);
  c = await res.json();
  assert.equal(res.status, outcomes.DeskChanged.status);
  assert.equal(c.error, outcomes.DeskChanged.code);
  assert.equal(c.steps, 3);

  res = await fetch(`${worker.url}/api/admin/reports/AD-20990101-ZZZZZZ/decision`, { method: 'POST', headers: admin, body: '{"state":"decided","outcome":"not_ours"}' });
  assert.equal(res.status, outcomes.NotFound.status);
});

test('hostile: a guessed, cut, altered or other report\'s token, or an expired link, opens nothing, alike', async () => {
  const a = await file();
  const b = await file();
  const u = new URL(a.link);
  const e = u.searchParams.get('e');
  const t = u.searchParams.get('t');
  const bToken = new URL(b.link).searchParams.get('t');
  const at = (ref, expires, token) => `${worker.url}/desk/${ref}?e=${encodeURIComponent(expires)}&t=${encodeURIComponent(token)}`;
  // The harness's secret signs as the Worker does: a fresh link is good, an expired one not.
  assert.equal(deskToken(a.reference, e), t);
  const past = Math.floor(Date.now() / 1000) - 60;
  const cases = {
    'guessed': at(a.reference, e, 'A'.repeat(t.length)),
    'cut short': at(a.reference, e, t.slice(0, 22)),
    'one character short': at(a.reference, e, t.slice(0, -1)),
    'altered': at(a.reference, e, (t[0] === 'A' ? 'B' : 'A') + t.slice(1)),
    "another report's token": at(a.reference, e, bToken),
    "its token on another report": at(b.reference, e, t),
    'its expiry moved on': at(a.reference, String(Number(e) + 1), t),
    'expired': at(a.reference, String(past), deskToken(a.reference, past)),
    'an unknown reference': at('AD-20990101-ZZZZZZ', e, deskToken('AD-20990101-ZZZZZZ', e)),
  };
  const bodies = new Set();
  for (const [name, url] of Object.entries(cases)) {
    const res = await get(url);
    assert.equal(res.status, outcomes.DeskNotFound.status, name);
    bodies.add(await res.text());
    const posted = await post(url, { ...hidden(await (await get(a.link)).text(), 'decided'), e: new URL(url).searchParams.get('e'), t: new URL(url).searchParams.get('t'), outcome: 'no_violation' });
    assert.equal(posted.status, outcomes.DeskNotFound.status, `${name}, posted`);
  }
  assert.equal(bodies.size, 1, 'bad links are told apart');
  assert.equal(hidden(await (await get(a.link)).text(), 'decided').step, '2', 'a bad link recorded a step');
});

test('hostile: a replayed form records once; a note is a template or nothing; a post from another site is refused', { timeout: 60000 }, async () => {
  const { link } = await file();
  const form = { ...hidden(await (await get(link)).text(), 'decided'), outcome: 'not_ours' };
  let res = await post(link, form);
  assert.equal(res.status, outcomes.DeskRecorded.status);
  assert.match(res.headers.get('location'), /recorded=2$/);
  res = await post(link, form);
  assert.equal(res.status, outcomes.DeskChanged.status);
  assert.match(await res.text(), /Крок не записано: відколи цю сторінку відкрито/);

  const fresh = hidden(await (await get(link)).text(), 'decided');
  for (const note of ['thanks\r\nBcc: victim@example.org', '\u202ethanks', '<b>thanks</b>']) {
    res = await post(link, { ...fresh, outcome: 'not_ours', note });
    assert.equal(res.status, outcomes.DeskInvalid.status, JSON.stringify(note));
  }
  assert.equal(hidden(await (await get(link)).text(), 'decided').step, '3');

  // A page on another site posting the desk's form, in Chromium: refused before it is read.
  const context = await browser.newContext();
  const tab = await context.newPage();
  try {
    await tab.route('http://evil.example/**', (route) => route.fulfill({
      contentType: 'text/html',
      body: `<form id="f" method="post" action="${link}">${Object.entries({ ...fresh, outcome: 'no_violation' }).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join('')}</form><script>document.getElementById('f').submit()</script>`,
    }));
    const answer = tab.waitForResponse((r) => r.url().startsWith(`${worker.url}/desk/`) && r.request().method() === 'POST');
    await tab.goto('http://evil.example/');
    const res2 = await answer;
    assert.equal(res2.status(), outcomes.DeskCrossSite.status);
  } finally {
    await context.close();
  }
  assert.equal(hidden(await (await get(link)).text(), 'decided').step, '3', 'the other site recorded a step');
});
