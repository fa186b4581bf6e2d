// The one Go instance the Worker keeps for all fetch events (worker/entry.mjs and package
// worker/entry) under concurrent requests in workerd: every report is answered with its
// own reference and mailed exactly once with its own content, while pages are asked for at
// the same time, each answered in the language its request negotiated. A request's body,
// bindings or answer leaking into another's would show here. Run by `make test`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { outcomes } from './outcomes.mjs';
import { startWorker } from './wrangler.mjs';

let worker;
before(async () => {
  worker = await startWorker();
});
after(async () => {
  await worker?.stop();
});

const REPORTS = 20;

function report(i) {
  return {
    lang: ['uk', 'ru', 'en'][i % 3],
    full_name: `Reporter ${i}`,
    email: `reporter${i}@example.org`,
    phone: `+380 44 000 00 ${String(i).padStart(2, '0')}`,
    company: '',
    postal_address: `${i} Main St\nKyiv`,
    business_address: '',
    requester: 'person',
    category: 'phishing',
    resource: 'bank.example.net',
    message: `Concurrent report number ${i}: https://phish${i}.example.net/login is fake.`,
    evidence_urls: `https://phish${i}.example.net/login`,
    declaration: 'yes',
  };
}

function postReport(i) {
  return fetch(`${worker.url}/api/reports`, {
    method: 'POST',
    // An address of its own per report: the rate limit (10 a minute) counts per address.
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': `198.51.100.${i + 1}` },
    body: JSON.stringify(report(i)),
  });
}

async function getRoot(lang) {
  const res = await fetch(`${worker.url}/`, { headers: { 'accept-language': lang } });
  return { status: res.status, language: res.headers.get('content-language'), html: await res.text() };
}

async function getUnknown(i) {
  const res = await fetch(`${worker.url}/api/nothing-${i}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

test(`${REPORTS} concurrent reports and pages: each answered and mailed once, with its own content`, { timeout: 120_000 }, async () => {
  const posts = Array.from({ length: REPORTS }, (_, i) => postReport(i).then(async (res) => ({ i, status: res.status, answer: await res.json() })));
  const roots = Array.from({ length: REPORTS }, (_, i) => {
    const want = ['uk', 'ru', 'en'][i % 3];
    return getRoot(`${want},de;q=0.5`).then((r) => ({ want, ...r }));
  });
  const unknown = Array.from({ length: 10 }, (_, i) => getUnknown(i));
  const [answers, pages, missing] = await Promise.all([Promise.all(posts), Promise.all(roots), Promise.all(unknown)]);

  for (const p of pages) {
    assert.equal(p.status, outcomes.Root.status);
    assert.equal(p.language, p.want);
    assert.match(p.html, new RegExp(`data-negotiated="${p.want}"`));
  }
  for (const m of missing) {
    assert.equal(m.status, outcomes.NotFound.status);
    assert.match(m.type, /^application\/json/);
    assert.equal(m.body.error, outcomes.NotFound.code);
  }
  const references = new Set();
  for (const { i, status, answer } of answers) {
    assert.equal(status, outcomes.Accepted.status, `report ${i}: ${JSON.stringify(answer)}`);
    assert.ok(!references.has(answer.reference), `reference ${answer.reference} given twice`);
    references.add(answer.reference);
  }
  for (const { i, answer } of answers) {
    const mail = await worker.mailbox.waitFor((m) => m.subject.includes(answer.reference), 20_000);
    assert.ok(mail.body.includes(`Concurrent report number ${i}:`), `report ${i}'s mail has another's text:\n${mail.body}`);
    assert.match(mail.headers.get('reply-to'), new RegExp(`reporter${i}@example\\.org`));
    for (let j = 0; j < REPORTS; j++) {
      if (j !== i) assert.ok(!mail.body.includes(`Concurrent report number ${j}:`), `report ${i}'s mail has report ${j}'s text`);
    }
  }
  // Exactly once: a little later, no report has a second message.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const seen = new Map();
  await worker.mailbox.waitFor((m) => { seen.set(m.path, m); return false; }, 0).catch(() => {});
  for (const reference of references) {
    const copies = [...seen.values()].filter((m) => m.subject.includes(reference));
    assert.equal(copies.length, 1, `${reference} was mailed ${copies.length} times`);
  }
  assert.equal(seen.size, REPORTS, `the mailbox holds ${seen.size} messages for ${REPORTS} reports`);
});
