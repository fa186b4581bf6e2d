// The Worker under the real runtime: the Go module in workerd behind `wrangler dev`, the
// static site as assets, and the simulated send_email binding writing .eml files.
// Run by `make test` (after `make build`).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { outcomes } from "./outcomes.mjs";
import { startWorker } from "./wrangler.mjs";

// As in wrangler.jsonc's vars.
const MAIL_FROM = "abusedesk@example.com";
const MAIL_TO = "abuse@example.com";
const REFERENCE = /AD-\d{8}-[0-9A-HJKMNP-TV-Z]{6}/;

const report = {
  lang: "en",
  full_name: "Олена Коваль",
  email: "olena.koval@example.org",
  phone: "+380 44 123 45 67",
  company: "Roe & Co",
  postal_address: "1 Main St\nKyiv 01001",
  business_address: "2 Side St, Lviv",
  requester: "person",
  category: "phishing",
  resource: "bank.example.net",
  message: "A phishing page at https://bank.example.net/login = 100% fake.\nFirst seen 08:00 Kyiv time.",
  evidence_urls: "https://bank.example.net/login",
  declaration: "yes",
};

// What a DDoS report must carry besides (rules.yaml: evidence).
const ddosEvidence = {
  source_ip: "203.0.113.7",
  target: "198.51.100.2:443",
  time_window: "2026-05-01 10:00-10:30 UTC",
  logs: "10:00:01 SYN flood from 203.0.113.7",
};

let worker;
before(async () => {
  worker = await startWorker();
});
after(async () => {
  await worker?.stop();
});

function post(body, headers) {
  return fetch(`${worker.url}/api/reports`, { method: "POST", headers, body, redirect: "manual" });
}

// address is the bare address of a header such as "Name <a@b>" or "<a@b>".
function address(header) {
  return /<([^>]+)>/.exec(header ?? "")?.[1] ?? header;
}

test("a valid JSON report is accepted and mailed to the abuse mailbox", async () => {
  const res = await post(JSON.stringify(report), { "content-type": "application/json" });
  const answer = await res.json();
  assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
  assert.match(answer.reference, new RegExp(`^${REFERENCE.source}$`));
  assert.ok(!Number.isNaN(Date.parse(answer.received)), `received ${answer.received}`);
  // Reviewed by; what the customer is given and the category's rule; decided on by.
  assert.ok(answer.deadlines.length >= 3, JSON.stringify(answer.deadlines));
  assert.match(answer.deadlines[0], /Kyiv time/);
  assert.match(answer.deadlines.at(-1), /Kyiv time/);

  const mail = await worker.mailbox.waitFor((m) => m.subject.includes(answer.reference));
  assert.equal(address(mail.headers.get("from")), MAIL_FROM);
  assert.equal(address(mail.headers.get("to")), MAIL_TO);
  assert.equal(address(mail.headers.get("reply-to")), report.email);
  assert.match(mail.headers.get("reply-to"), /Олена Коваль/);
  // No Message-ID check: the binding replaces the Worker's with its own (wrangler 4.164's
  // simulator, as Cloudflare's Email Service does); worker/intake's Go tests check the one
  // the Worker writes.
  assert.match(mail.subject, /^\[abuse AD-\d{8}-\w{6}\] Фішинговий сайт \[не називати скаржника\]$/);
  for (const [field, value] of Object.entries(report)) {
    if (field === "lang" || field === "category" || field === "requester" || field === "declaration") continue; // shown by name, checked below
    assert.ok(mail.body.includes(value), `the mail lacks ${field} ${JSON.stringify(value)}:\n${mail.body}`);
  }
  assert.ok(mail.body.includes("Фішинговий сайт (phishing)"), mail.body);
  // The declaration, as the reporter made it: its words in the report's language (en).
  assert.ok(mail.body.includes("Заява: [x] I confirm in good faith that the information and allegations in this report are accurate"), mail.body);
  assert.ok(mail.body.includes("English (en)"), mail.body);
});

test("an invalid report is refused with localized problems for the right fields", async () => {
  const res = await post(JSON.stringify({ lang: "uk", requester: "person", full_name: " ", email: "olena@", category: "spam", resource: "mx.example.net", phone: "call me", channel: "email" }), {
    "content-type": "application/json",
  });
  assert.equal(res.status, outcomes.Invalid.status);
  const { error, problems } = await res.json();
  assert.equal(error, outcomes.Invalid.code);
  assert.deepEqual(problems.map((p) => [p.field, p.code]), [
    ["full_name", "required"],
    ["email", "email"],
    ["phone", "pattern"],
    ["message", "required"],
    ["message_headers", "required"],
    ["declaration", "required"],
  ]);
  assert.equal(problems[1].message, "Введіть адресу електронної пошти в правильному форматі, наприклад name@example.com");
  for (const p of problems) assert.match(p.message, /[а-яіїєґ]/i, `${p.field}: ${p.message}`);
});

test("a form sent without JavaScript gets the receipt page and is mailed", async () => {
  const form = new URLSearchParams({ ...report, ...ddosEvidence, lang: "ru", category: "ddos" });
  const res = await post(form, {
    "content-type": "application/x-www-form-urlencoded",
    accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  });
  const page = await res.text();
  assert.equal(res.status, outcomes.Accepted.status, page);
  assert.match(res.headers.get("content-type"), /^text\/html/);
  assert.match(page, /<html lang="ru">/);
  const reference = REFERENCE.exec(page)?.[0];
  assert.ok(reference, `no reference in the page:\n${page}`);
  const mail = await worker.mailbox.waitFor((m) => m.subject.includes(reference));
  assert.ok(mail.body.includes(report.message), mail.body);
});

test("a form with problems is shown again with the reporter's values", async () => {
  const form = new URLSearchParams({ lang: "en", full_name: "Jane <Roe>", email: "jane@", category: "spam", message: "m" });
  const res = await post(form, { "content-type": "application/x-www-form-urlencoded" });
  const page = await res.text();
  assert.equal(res.status, outcomes.Invalid.status);
  assert.match(res.headers.get("content-type"), /^text\/html/);
  assert.ok(page.includes("Enter an e-mail address in the correct format, like name@example.com"), page);
  assert.ok(page.includes('value="Jane &lt;Roe&gt;"'), page);
});

test("line breaks in a name cannot add mail headers", async () => {
  const res = await post(JSON.stringify({ ...report, full_name: "Eve\r\nBcc: victim@example.net\r\nX-Injected: yes" }), {
    "content-type": "application/json",
  });
  const answer = await res.json();
  assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
  const mail = await worker.mailbox.waitFor((m) => m.subject.includes(answer.reference));
  assert.equal(mail.headers.get("bcc"), undefined);
  assert.equal(mail.headers.get("x-injected"), undefined);
  assert.match(mail.headers.get("reply-to"), /Eve Bcc: victim@example\.net X-Injected: yes/);
});

test("the API answers its errors as JSON", async () => {
  const unknown = await fetch(`${worker.url}/api/nothing`);
  assert.equal(unknown.status, outcomes.NotFound.status);
  assert.equal((await unknown.json()).error, outcomes.NotFound.code);

  const get = await fetch(`${worker.url}/api/reports`);
  assert.equal(get.status, outcomes.MethodNotAllowed.status);
  assert.equal(get.headers.get("allow"), "POST");
  assert.equal((await get.json()).error, outcomes.MethodNotAllowed.code);

  const text = await post("hello", { "content-type": "text/plain" });
  assert.equal(text.status, outcomes.MediaType.status);
  assert.equal((await text.json()).error, outcomes.MediaType.code);

  const broken = await post("{", { "content-type": "application/json" });
  assert.equal(broken.status, outcomes.Unreadable.status);
  assert.equal((await broken.json()).error, outcomes.Unreadable.code);
});

for (const page of ["/", "/en/report/"]) {
  test(`${page} is served from the static assets`, async () => {
    const res = await fetch(worker.url + page);
    // The root through the Worker (its Root), the form straight from the assets.
    assert.equal(res.status, page === "/" ? outcomes.Root.status : 200);
    assert.match(res.headers.get("content-type"), /^text\/html/);
    const html = await res.text();
    if (page.endsWith("/report/")) assert.ok(html.includes('action="/api/reports"'), html);
  });
}

test("a path with no page gets the site's 404 page in its language", async () => {
  const res = await fetch(`${worker.url}/en/no-such-page/`);
  assert.equal(res.status, 404);
  assert.match(res.headers.get("content-type"), /^text\/html/);
  const html = await res.text();
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<title>Page not found<\/title>/);
});

test("a report the mailbox refuses is still accepted: it is stored and waits for delivery", async () => {
  // The binding allows only its destination_address, so this recipient makes the runtime
  // reject every send: the Go adapter turns the rejected promise into an error, and the
  // report stays pending in R2 for the queue's retries and the sweep.
  const refusing = await startWorker({ vars: { MAIL_TO: "someone-else@example.com", ADMIN_TOKEN: "t" } });
  try {
    const res = await fetch(`${refusing.url}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...report, lang: "ru" }),
    });
    const answer = await res.json();
    assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
    // The queue's consumer tries and fails (and retries).
    for (let i = 0; i < 50 && !refusing.log().includes("delivery failed"); i++) await new Promise((r) => setTimeout(r, 200));
    assert.match(refusing.log(), new RegExp(`delivery failed.*${answer.reference}`));
    const listing = await fetch(`${refusing.url}/api/admin/pending`, { headers: { authorization: "Bearer t" } });
    const { pending } = await listing.json();
    assert.deepEqual(pending.map((p) => p.reference), [answer.reference]);
  } finally {
    await refusing.stop();
  }
});

test("what the site generator writes for the Worker is not served to the public", async () => {
  // run_worker_first takes /_worker/* to the Worker, whose bare 404 it is.
  const res = await fetch(`${worker.url}/_worker/form.json`);
  await res.arrayBuffer();
  assert.equal(res.status, outcomes.PlainNotFound.status);
});
