// The report mail under the real runtime: a multipart form with files, posted to the Go
// Worker in workerd, read back from the .eml the simulated send_email binding wrote; the
// files' checks; and GET /api/deadlines. Run by `make test` (after `make build`).

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";

import { outcomes } from "./outcomes.mjs";
import { mediaType, startWorker } from "./wrangler.mjs";

const report = {
  lang: "en",
  full_name: "Олена Коваль",
  email: "olena.koval@example.org",
  company: "Roe & Co",
  requester: "person",
  category: "phishing",
  resource: "bank.example.net",
  message: "A phishing page copies our bank's login.\nFirst seen 08:00 Kyiv time.",
  evidence_urls: "https://login-bank.example.net/signin",
  declaration: "yes",
};

// pdf makes a tiny PDF; bytes past the text make it binary, as real PDFs are.
function pdf(text) {
  return Buffer.concat([
    Buffer.from(`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\n% ${text}\n`, "latin1"),
    Buffer.from([0, 1, 2, 0xfe, 0xff, 0x0d, 0x0a, 0x0d]),
    Buffer.from("\ntrailer <</Root 1 0 R>>\n%%EOF\n"),
  ]);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

function form(values, files) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.append(k, v);
  for (const [name, bytes, type] of files) fd.append("attachments", new Blob([bytes], { type }), name);
  return fd;
}

let worker;
before(async () => {
  worker = await startWorker();
});
after(async () => {
  await worker?.stop();
});

function post(body, headers = { accept: "application/json" }) {
  return fetch(`${worker.url}/api/reports`, { method: "POST", headers, body, redirect: "manual" });
}

test("a report with two PDFs arrives as multipart/report with XARF and both files intact", async () => {
  const files = [
    ["claim.pdf", pdf("claim")],
    ["Довіреність.pdf", pdf("power of attorney")],
  ];
  const res = await post(form(report, files.map(([n, b]) => [n, b, "application/pdf"])));
  const answer = await res.json();
  assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
  assert.equal(answer.schedule.category, "phishing");
  assert.equal(answer.schedule.response.kind, "respond_within");
  assert.match(answer.schedule.processed_by, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00$/);

  const mail = await worker.mailbox.waitFor((m) => m.subject.includes(answer.reference));
  const [type, params] = mediaType(mail.headers.get("content-type"));
  assert.equal(type, "multipart/report");
  assert.equal(params["report-type"], "xarf");
  // The desk's text, the summary it may forward to the customer, the XARF part, the files.
  assert.deepEqual(mail.parts.map((p) => p.type), ["text/plain", "text/plain", "application/json", "application/pdf", "application/pdf"]);
  const summary = mail.parts[1].bytes.toString("utf8");
  assert.equal(mediaType(mail.parts[1].headers.get("content-disposition"))[1].filename, "customer-summary.txt");
  assert.equal(mail.headers.get("x-abusedesk-reporter-identity"), "withheld");

  for (const [i, [name, bytes]] of files.entries()) {
    const part = mail.parts[3 + i];
    assert.ok(part.bytes.equals(bytes), `${name} differs: ${part.bytes.length} bytes, want ${bytes.length}`);
    assert.equal(mediaType(part.headers.get("content-disposition"))[1].filename, name);
    assert.ok(mail.body.includes(`${name} — a PDF document`) || mail.body.includes(`${name} — документ PDF`), mail.body);
    assert.ok(mail.body.includes(`SHA-256 ${sha256(bytes)}`), `the text lacks ${name}'s hash:\n${mail.body}`);
  }
  assert.ok(mail.body.includes(report.message), mail.body);

  const xarf = JSON.parse(mail.parts[2].bytes.toString("utf8"));
  assert.equal(xarf.category, "content");
  assert.equal(xarf.type, "phishing");
  assert.match(xarf.report_id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // The reporter did not agree to be named to the customer: what the desk forwards names
  // the abuse desk, and not the reporter.
  assert.equal(xarf.reporter.contact, "abuse@example.com");
  for (const part of [summary, JSON.stringify(xarf)]) {
    assert.ok(!part.includes(report.email) && !part.includes(report.full_name), part);
  }
  assert.deepEqual(xarf.evidence.map((e) => e.hash), files.map(([, b]) => `sha256:${sha256(b)}`));
});

test("an oversized and a wrongly typed file are refused, each with its own message", async () => {
  const big = Buffer.concat([pdf("big"), Buffer.alloc(10 * 1024 * 1024)]);
  const fake = Buffer.from("MZ\x90\x00\x03\x00 this is a program, not a PDF", "latin1");
  for (const [lang, tooBig, wrongKind] of [
    ["uk", "Файл «big.pdf» завеликий: кожен файл має бути не більше 10 МіБ.", /^Файл «invoice\.pdf» не прийнято: його вміст не є жодним із дозволених типів/],
    ["en", "The file “big.pdf” is too large: each file must be 10 MiB or smaller.", /^The file “invoice\.pdf” was not accepted: its content is none of the kinds allowed/],
  ]) {
    const res = await post(form({ ...report, lang }, [["big.pdf", big, "application/pdf"], ["invoice.pdf", fake, "application/pdf"], ["ok.pdf", pdf("ok"), "application/pdf"]]));
    assert.equal(res.status, outcomes.Invalid.status);
    const { error, problems } = await res.json();
    assert.equal(error, outcomes.Invalid.code);
    assert.deepEqual(problems.map((p) => [p.field, p.code, p.file]), [
      ["attachments", "file_too_large", "big.pdf"],
      ["attachments", "file_type", "invoice.pdf"],
    ]);
    assert.equal(problems[0].message, tooBig);
    assert.match(problems[1].message, wrongKind);
  }
  // Without JavaScript the page comes back, asking for the files again.
  const res = await post(form({ ...report, lang: "ru" }, [["invoice.pdf", fake, "application/pdf"]]), { accept: "text/html" });
  assert.equal(res.status, outcomes.Invalid.status);
  const page = await res.text();
  assert.match(page, /Файл «invoice\.pdf» не принят/);
  assert.match(page, /Выберите файлы ещё раз/);
});

test("GET /api/deadlines answers the deadlines of a category at a time, in a language", async () => {
  const get = (q) => fetch(`${worker.url}/api/deadlines?${new URLSearchParams(q)}`);
  // Friday 17:00 in Kyiv: a DDoS cannot wait for Monday, and is reviewed round the clock.
  let res = await get({ category: "ddos", at: "2026-11-27T17:00:00+02:00", lang: "en" });
  assert.equal(res.status, outcomes.Deadlines.status);
  let d = await res.json();
  assert.equal(d.review_starts, "2026-11-27T17:00:00+02:00");
  assert.equal(d.processed_by, "2026-11-28T17:00:00+02:00");
  assert.equal(d.clock, "calendar");
  assert.equal(d.settled_by, "2026-12-02T23:59:59+02:00");
  assert.deepEqual(d.response, { kind: "respond_within", hours: 2, respond_by: "2026-11-28T19:00:00+02:00" });
  assert.match(d.sentences[1], /2 hours/);
  // Spam waits for working hours: one that day, the rest from Monday, and its review is
  // due sooner so that the customer's 12 hours end by the decision.
  res = await get({ category: "spam", at: "2026-11-27T17:00:00+02:00", lang: "en" });
  d = await res.json();
  assert.equal(d.processed_by, "2026-12-02T11:59:59+02:00");
  assert.equal(d.sooner, true);
  assert.equal(d.response.respond_by, "2026-12-02T23:59:59+02:00");

  // A Sunday night in UTC is Monday morning in Kyiv, before opening: the summer clock.
  res = await get({ category: "copyright", at: "2026-06-14T23:30:00Z", lang: "uk" });
  d = await res.json();
  assert.equal(d.received, "2026-06-15T02:30:00+03:00");
  assert.equal(d.review_starts, "2026-06-15T09:00:00+03:00");
  assert.deepEqual(d.response, { kind: "on_claim", hours: 12, claim: "unknown" });
  assert.match(d.sentences[1], /12 годин/);
  // A court's report is the claim: the customer's hours run from it.
  res = await get({ category: "copyright", requester: "court", at: "2026-06-14T23:30:00Z", lang: "en" });
  d = await res.json();
  assert.equal(d.response.claim, "filed");
  assert.ok(d.response.respond_by, JSON.stringify(d.response));

  res = await get({ category: "botnet", lang: "ru" });
  assert.equal((await res.json()).response.kind, "blocked_at_once");

  for (const [q, outcome, message] of [
    [{ category: "weather", lang: "en" }, outcomes.BadCategory, /^Unknown category/],
    [{ category: "spam", at: "tomorrow", lang: "ru" }, outcomes.BadAt, /RFC 3339/],
    [{ category: "spam", lang: "fr" }, outcomes.BadLang, /^Невідома мова/],
    [{ category: "spam", requester: "king", lang: "en" }, outcomes.BadRequester, /^Unknown requester/],
  ]) {
    res = await get(q);
    assert.equal(res.status, outcome.status);
    const body = await res.json();
    assert.equal(body.error, outcome.code);
    assert.match(body.message, message);
  }
});
