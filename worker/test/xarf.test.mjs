// The machine reporters' API under wrangler dev (README: Machine reporters): keys made and
// revoked as the operator makes them (worker/cmd/reporterkey, then `wrangler r2 object put`
// into the local bucket), XARF v4 reports posted to /api/v1/xarf, the desk's mail read back
// from its .eml, its XARF part judged against XARF v4's master schema by the schemas' own
// judge (`go run ./schemas/cmd/xarfpack -check`: Node has none). On the Worker built with
// the fault injection, the abuse mailbox failing half the time (MAILBOX_FAILURE_RATE).
// Run by `make test`, after `make build worker-faults`.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, test } from "node:test";

import { outcomes } from "./outcomes.mjs";
import { makeKey, mediaType, startWorker } from "./wrangler.mjs";

const run = promisify(execFile);
const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const repo = path.resolve(workerDir, "..");
// The xarf-spec tree, as the Makefile's XARF_SPEC names it (from the repository).
const xarfSpec = path.resolve(repo, process.env.XARF_SPEC ?? "../shared/xarf-v4");
const samplesDir = path.join(xarfSpec, "samples", "v4");
const openapi = JSON.parse(readFileSync(path.join(repo, "schemas", "api", "openapi.json"), "utf8"));

const RATE = 600; // wrangler.jsonc's XARF_LIMIT: a key's requests a minute
const REPORTS = Number(process.env.XARF_REPORTS ?? 100);
const ADMIN_TOKEN = "operator-token-for-tests";

let worker, tmp;
const keys = {};

before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "abusedesk-xarf-"));
  const persist = path.join(tmp, "state");
  keys.one = await makeKey(tmp, persist, "Example Blocklist");
  keys.two = await makeKey(tmp, persist, "Example CERT");
  keys.spamOnly = await makeKey(tmp, persist, "Spam trap", "spam");
  keys.revoked = await makeKey(tmp, persist, "Former partner", "", true);
  keys.rate = await makeKey(tmp, persist, "Busy honeypot");
  worker = await startWorker({
    faults: true, persistTo: persist, testScheduled: true,
    vars: { MAILBOX_FAILURE_RATE: "0.5", SWEEP_AFTER: "5s", ADMIN_TOKEN },
  });
});

after(async () => {
  await worker?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function post(key, body, headers = {}) {
  return fetch(`${worker.url}/api/v1/xarf`, {
    method: "POST",
    headers: { "content-type": "application/json", "accept-language": "en", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

// answer is the response's status and JSON; an answer not the Worker's (wrangler's proxy
// restarting a runtime overloaded on a busy machine) fails with it.
async function answer(res) {
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text), headers: res.headers };
  } catch {
    assert.fail(`${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// mailsOf waits, sweeping as cron would (the mailbox fails half the time), until every
// reference has reached the mailbox, and returns the mails by reference.
async function mailsOf(refs, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const by = new Map();
    for (const m of await worker.mailbox.all()) {
      const ref = m.headers.get("x-abusedesk-reference");
      by.set(ref, [...(by.get(ref) ?? []), m]);
    }
    const missing = refs.filter((r) => !by.has(r));
    if (missing.length === 0) return by;
    if (Date.now() > deadline) assert.fail(`${missing.length} reports never reached the mailbox: ${missing.slice(0, 5).join(", ")}`);
    await (await fetch(`${worker.url}/__scheduled`)).arrayBuffer();
    await sleep(2_000);
  }
}

// validXARF judges each document against XARF v4's master schema: problems by index.
async function xarfProblems(docs) {
  const files = [];
  for (const [i, d] of docs.entries()) {
    const f = path.join(tmp, `part-${i}.json`);
    await writeFile(f, d);
    files.push(f);
  }
  let out;
  try {
    out = (await run("go", ["run", "./schemas/cmd/xarfpack", "-from", xarfSpec, "-check", ...files], { cwd: repo, maxBuffer: 1 << 26 })).stdout;
  } catch (err) {
    if (err.code !== 1) throw err;
    out = err.stdout;
  }
  const found = JSON.parse(out);
  return files.map((f) => found[f]);
}

// inbound reads content/xarf-inbound.yaml's types refused outright (none: true).
function refusedTypes() {
  const yaml = readFileSync(path.join(repo, "content", "xarf-inbound.yaml"), "utf8");
  const refused = new Set();
  let current;
  for (const line of yaml.split("\n")) {
    const m = /^\s*- xarf: (\S+)/.exec(line);
    if (m) current = m[1];
    else if (/^\s+none: true/.test(line)) refused.add(current);
  }
  return refused;
}

test("every shipped XARF v4 sample of a type the table files reaches the desk as a multipart/report whose XARF part is valid XARF v4; the others are refused", { timeout: 300_000 }, async () => {
  const refused = refusedTypes();
  const names = (await readdir(samplesDir)).filter((n) => n.endsWith(".json")).sort();
  const taken = new Map(); // reference → the sample's document
  for (const name of names) {
    const raw = await readFile(path.join(samplesDir, name), "utf8");
    const doc = JSON.parse(raw);
    const type = `${doc.category}/${doc.type}`;
    const got = await answer(await post(keys.one, raw));
    if (refused.has(type)) {
      assert.equal(got.status, outcomes.XARFTypeNotTaken.status, `${name}: ${JSON.stringify(got.body)}`);
      assert.equal(got.body.error, outcomes.XARFTypeNotTaken.code);
      assert.ok(got.body.message.includes(type), got.body.message);
      continue;
    }
    assert.equal(got.status, outcomes.XARFAccepted.status, `${name}: ${JSON.stringify(got.body)}`);
    assert.match(got.body.reference, /^AD-\d{8}-[0-9A-Z]{6}$/);
    assert.equal(got.body.status_path, `/api/v1/xarf/${got.body.reference}`);
    taken.set(got.body.reference, { name, doc, raw, dropped: got.body.dropped_evidence ?? 0 });
  }
  assert.ok(taken.size >= 25, `${taken.size} samples taken`);
  assert.ok(names.length > taken.size, "no sample was refused");

  const mails = await mailsOf([...taken.keys()]);
  const parts = [];
  for (const [ref, { name, doc, raw, dropped }] of taken) {
    const [mail] = mails.get(ref);
    const [type, params] = mediaType(mail.headers.get("content-type"));
    assert.equal(type, "multipart/report", name);
    assert.equal(params["report-type"], "xarf", name);
    assert.ok(mail.body.includes("Example Blocklist"), `${name}: the text does not name the key:\n${mail.body.slice(0, 400)}`);
    const part = mail.parts.find((p) => p.type === "application/json");
    assert.ok(part, `${name}: no XARF part`);
    const xarf = part.bytes.toString("utf8");
    const sent = JSON.parse(xarf);
    assert.equal(sent.report_id, doc.report_id, name);
    assert.equal(sent.source_identifier, doc.source_identifier, name);
    if (dropped > 0) {
      // Filed under child sexual abuse material (content/csam, content/csem): taken with
      // its links only, its evidence dropped unread.
      assert.equal(dropped, doc.evidence.length, name);
      assert.equal(sent.evidence, undefined, `${name}: the evidence of child sexual abuse material was kept`);
    } else {
      assert.equal(xarf, raw.trim(), `${name}: the XARF part is not the report as sent`);
    }
    parts.push(xarf);
  }
  const problems = await xarfProblems(parts);
  for (const [i, ref] of [...taken.keys()].entries()) {
    assert.deepEqual(problems[i], [], `${taken.get(ref).name}: its XARF part is not valid XARF v4`);
  }
});

test("each way a post is refused has its own documented answer", { timeout: 60_000 }, async () => {
  const spam = await readFile(path.join(samplesDir, "messaging-spam.json"), "utf8");
  const phishing = await readFile(path.join(samplesDir, "content-phishing.json"), "utf8");
  const documented = (status, code) => {
    const op = openapi.paths["/api/v1/xarf"].post.responses[String(status)];
    return op && JSON.stringify(op).includes(`\`${code}\``);
  };
  const cases = [
    ["no key", null, spam, {}, outcomes.XARFUnauthorized],
    ["an unknown key", `adk_aaaaaaaaaaaa_${"b".repeat(52)}`, spam, {}, outcomes.XARFUnauthorized],
    ["a revoked key", keys.revoked, spam, {}, outcomes.XARFUnauthorized],
    ["invalid JSON", keys.one, "{\"category\": ", {}, outcomes.XARFUnreadable],
    ["not JSON at all", keys.one, "category=spam", { "content-type": "application/x-www-form-urlencoded" }, outcomes.XARFMediaType],
    ["over 5 MiB", keys.one, JSON.stringify({ description: "x".repeat(5 << 20) }), {}, outcomes.XARFTooLarge],
    ["a batch of 51", keys.one, JSON.stringify(Array(51).fill({})), {}, outcomes.XARFBatchSize],
    ["not XARF v4", keys.one, JSON.stringify({ ...JSON.parse(spam), timestamp: "soon" }), {}, outcomes.XARFInvalid],
    ["an unmapped type", keys.one, await readFile(path.join(samplesDir, "connection-scraping.json"), "utf8"), {}, outcomes.XARFTypeNotTaken],
    ["a category the key may not report", keys.spamOnly, phishing, {}, outcomes.XARFCategoryNotAllowed],
    ["a client token of 129", keys.one, spam, { "idempotency-key": "t".repeat(129) }, outcomes.XARFBadToken],
  ];
  let unauthorized;
  for (const [name, key, body, headers, want] of cases) {
    const got = await answer(await post(key, body, headers));
    assert.equal(got.status, want.status, `${name}: ${JSON.stringify(got.body).slice(0, 300)}`);
    assert.equal(got.body.error, want.code, name);
    assert.ok(got.body.message, name);
    assert.ok(documented(want.status, want.code), `${name}: ${want.status} ${want.code} is not in openapi.json`);
    if (want === outcomes.XARFUnauthorized) {
      unauthorized ??= JSON.stringify(got.body);
      assert.equal(JSON.stringify(got.body), unauthorized, `${name} says more than another refused key`);
    }
    if (want === outcomes.XARFInvalid) assert.ok(got.body.problems.some((p) => p.path === "/timestamp"), JSON.stringify(got.body));
  }

  // A client token reused with other content: 409; with the same, the first reference.
  const token = `reuse-${Date.now()}`;
  const first = await answer(await post(keys.two, spam, { "idempotency-key": token }));
  const again = await answer(await post(keys.two, spam, { "idempotency-key": token }));
  const other = await answer(await post(keys.two, JSON.stringify({ ...JSON.parse(spam), description: "another" }), { "idempotency-key": token }));
  assert.equal(first.status, outcomes.XARFAccepted.status, JSON.stringify(first.body));
  assert.deepEqual(again.body, first.body);
  assert.equal(other.status, outcomes.XARFTokenReused.status);
  assert.equal(other.body.error, outcomes.XARFTokenReused.code);
  assert.ok(documented(other.status, other.body.error));

  // The key on the form's endpoint is nothing: the XARF document is no form report.
  const form = await fetch(`${worker.url}/api/reports`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${keys.one}` }, body: spam });
  assert.equal(form.status, outcomes.Invalid.status);
  await form.arrayBuffer();

  // The status, for the key that sent it only, and the listing.
  const st = await answer(await fetch(`${worker.url}${first.body.status_path}?lang=en`, { headers: { authorization: `Bearer ${keys.two}` } }));
  assert.equal(st.status, outcomes.Status.status, JSON.stringify(st.body));
  assert.equal(st.body.reference, first.body.reference);
  assert.ok(["received", "forwarded"].includes(st.body.state), st.body.state);
  const notYours = await answer(await fetch(`${worker.url}${first.body.status_path}`, { headers: { authorization: `Bearer ${keys.one}` } }));
  assert.equal(notYours.status, outcomes.XARFNotFound.status);
  const list = await answer(await fetch(`${worker.url}/api/v1/xarf?since=${encodeURIComponent(first.body.received)}`, { headers: { authorization: `Bearer ${keys.two}` } }));
  assert.equal(list.status, outcomes.XARFList.status);
  assert.ok(list.body.reports.some((r) => r.reference === first.body.reference), JSON.stringify(list.body));

  // The description, without a key; its examples, posted, are taken.
  const doc = await answer(await fetch(`${worker.url}/api/v1/openapi.json`));
  assert.equal(doc.status, outcomes.OpenAPI.status);
  assert.deepEqual(doc.body, openapi);
  for (const [name, ex] of Object.entries(openapi.paths["/api/v1/xarf"].post.requestBody.content["application/json"].examples)) {
    const got = await answer(await post(keys.two, ex.value));
    const results = Array.isArray(ex.value) ? got.body.results : [{ ...got.body, status: got.status }];
    assert.ok(results.every((r) => r.status === outcomes.XARFAccepted.status), `example ${name}: ${JSON.stringify(got.body)}`);
  }
});

test(`${REPORTS} reports from two keys, the mailbox failing half the time, end as ${REPORTS} mails: none lost, none doubled`, { timeout: 300_000 + REPORTS * 1_000 }, async () => {
  const base = JSON.parse(await readFile(path.join(samplesDir, "connection-login-attack.json"), "utf8"));
  const refs = new Array(REPORTS);
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < REPORTS) {
      const i = next++;
      const key = i % 2 ? keys.two : keys.one;
      const doc = { ...base, report_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, client_token: `durable-${i}` };
      for (let attempt = 1; ; attempt++) {
        const res = await post(key, doc);
        // An answer not the Worker's is sent again under its client token, as a client would.
        if (!(res.headers.get("content-type") ?? "").startsWith("application/json") && attempt < 3) {
          await res.arrayBuffer();
          continue;
        }
        const got = await answer(res);
        assert.equal(got.status, outcomes.XARFAccepted.status, JSON.stringify(got.body));
        refs[i] = got.body.reference;
        break;
      }
    }
  }));
  assert.equal(new Set(refs).size, REPORTS, "references repeat");
  const mails = await mailsOf(refs, 120_000 + REPORTS * 1_000);
  const doubled = refs.filter((r) => mails.get(r).length !== 1);
  assert.deepEqual(doubled, [], "mailed more than once");
  // Each mail is its own report: its XARF part carries the report_id it was sent with.
  for (const [i, ref] of refs.entries()) {
    const xarf = JSON.parse(mails.get(ref)[0].parts.find((p) => p.type === "application/json").bytes.toString("utf8"));
    assert.equal(xarf.report_id, `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, ref);
    assert.equal(xarf.client_token, undefined, "the client token reached the desk");
  }
  const pending = await answer(await fetch(`${worker.url}/api/admin/pending`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }));
  for (let i = 0; i < 20 && pending.body.pending.some((p) => refs.includes(p.reference)); i++) await sleep(500);
});

test(`past ${RATE} requests a minute a key gets 429 with Retry-After; another key does not`, { timeout: 120_000 }, async () => {
  // The simulator counts in windows that start on the minute: start in a fresh one.
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 30_000) await sleep(left + 200);
  const list = (key) => fetch(`${worker.url}/api/v1/xarf?since=2100-01-01T00:00:00Z`, { headers: { authorization: `Bearer ${key}` } });
  let refusedAt = 0;
  let refused;
  let sent = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (sent < RATE + 10 && !refused) {
      sent++;
      const res = await list(keys.rate);
      if (res.status === outcomes.XARFRateLimited.status) {
        refused ??= await answer(res);
        refusedAt ||= sent;
      } else {
        assert.equal(res.status, outcomes.XARFList.status);
        await res.arrayBuffer();
      }
    }
  }));
  assert.ok(refused, `${sent} requests, none refused`);
  assert.ok(refusedAt > RATE - 10, `refused at request ${refusedAt}`);
  assert.equal(refused.body.error, outcomes.XARFRateLimited.code);
  assert.equal(refused.headers.get("retry-after"), "60");
  const other = await list(keys.spamOnly);
  assert.equal(other.status, outcomes.XARFList.status, "another key shares the count");
  await other.arrayBuffer();
});
