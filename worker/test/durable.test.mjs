// The delivery promise under the real runtime (README: Delivery promise): reports stored in
// the local R2 bucket, delivered through the local queue, swept by the cron trigger.
// Test-only Worker variables make the mailbox fail on purpose: MAILBOX_FAILURE_RATE a share
// of sends, MAILBOX_REFUSE for good every message that holds its text; SWEEP_AFTER makes
// the sweep take reports sooner. Only the Worker built with the fault injection reads them
// (package worker/faults, `make worker-faults`; startWorker({ faults: true })). Run by
// `make test` (after `make build worker-faults`) with 200 reports under fault injection;
// `make soak` runs it with DURABLE_REPORTS=1000.

import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

import { experimental_readRawConfig as readRawConfig } from "wrangler";

import { outcomes } from "./outcomes.mjs";
import { startWorker } from "./wrangler.mjs";

const ADMIN_TOKEN = "operator-token-for-tests";

const report = {
  lang: "en",
  full_name: "Olena Koval",
  email: "olena.koval@example.org",
  requester: "person",
  category: "spam",
  resource: "mail.example.net",
  channel: "email",
  message: "Spam from 192.0.2.7 since 08:00.",
  message_headers: "Received: from mail.example.net ([192.0.2.7])\nFrom: offers@example.net\nSubject: You won",
  declaration: "yes",
};

// post sends report number i from an address of its own (the rate limit counts by
// address) with an idempotency key of its own. An answer that is not the Worker's (wrangler
// restarting a runtime overloaded on a busy machine says "Your worker restarted
// mid-request") is what a client retries with the same key; the key makes that safe.
async function post(worker, i, key = `durable-${i}-${Date.now()}`, message = `${report.message} #${i}`) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${worker.url}/api/reports`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "cf-connecting-ip": `198.18.${i >> 8}.${i & 255}`,
        "idempotency-key": key,
      },
      body: JSON.stringify({ ...report, message }),
    });
    if (!(res.headers.get("content-type") ?? "").startsWith("application/json") && attempt < 3) {
      console.log(`# report ${i}: ${res.status} ${(await res.text()).slice(0, 80)}; sent again with its key`);
      continue;
    }
    const answer = await res.json();
    assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
    return answer.reference;
  }
}

// postAll posts reports 0..n-1, a few at a time, and returns their references; message
// words report i.
async function postAll(worker, n, concurrency = 6, message = (i) => `${report.message} #${i}`) {
  const refs = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      refs[i] = await post(worker, i, undefined, message(i));
    }
  }));
  return refs;
}

async function pending(worker) {
  const res = await fetch(`${worker.url}/api/admin/pending`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(res.status, outcomes.Pending.status);
  return res.json();
}

async function sweep(worker) {
  const res = await fetch(`${worker.url}/__scheduled`);
  await res.arrayBuffer();
  assert.equal(res.status, 200);
}

// byReference counts the mailbox's messages by the report's reference, which each carries
// in its subject ("[abuse AD-…] …") and in X-Abusedesk-Reference, not by Message-ID: the
// send_email binding puts a Message-ID of its own on every message (wrangler 4.164's
// simulator, as Cloudflare's Email Service does), so one report mailed twice would arrive
// under two Message-IDs, and two distinct Message-IDs prove nothing.
async function byReference(worker) {
  const refs = new Map();
  for (const m of await worker.mailbox.all()) {
    const ref = m.headers.get("x-abusedesk-reference");
    assert.equal(/^\[abuse (AD-[^\]]+)\]/.exec(m.subject)?.[1], ref, `subject ${m.subject}`);
    refs.set(ref, (refs.get(ref) ?? 0) + 1);
  }
  return refs;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// How many reports the fault-injection test posts: make soak asks for 1,000.
const REPORTS = Number(process.env.DURABLE_REPORTS ?? 200);

test(`with the mailbox failing half the time, ${REPORTS} reports end as ${REPORTS} messages: none lost, none doubled`, { timeout: 180_000 + REPORTS * 600 }, async () => {
  const worker = await startWorker({
    faults: true,
    vars: { MAILBOX_FAILURE_RATE: "0.5", SWEEP_AFTER: "5s", ADMIN_TOKEN },
    testScheduled: true,
  });
  try {
    const refs = await postAll(worker, REPORTS);
    assert.equal(new Set(refs).size, REPORTS, "references repeat");
    const want = new Set(refs);

    // The queue retries each failed message; one that fails 11 times in a row goes to the
    // dead-letter queue, and the sweep (run here every few seconds, as cron would) mails it.
    const deadline = Date.now() + 120_000 + REPORTS * 300;
    let mailed;
    for (;;) {
      mailed = await byReference(worker);
      if ([...want].every((ref) => mailed.has(ref))) break;
      if (Date.now() >= deadline) {
        const missing = [...want].filter((ref) => !mailed.has(ref));
        const listed = await pending(worker);
        const where = (ref) => ["pending", "dead", "refused"].filter((k) => listed[k].some((r) => r.reference === ref)).join("+") || "listed nowhere";
        const lines = worker.log().split("\n");
        assert.fail(`${missing.length} of ${REPORTS} reports are not in the mailbox: ${missing.map((ref) => `${ref} (${where(ref)}; ${lines.filter((l) => l.includes(ref)).slice(-3).join(" | ")})`).join("; ")}; the simulator said: ${lines.filter((l) => /Failed to persist|restarted|panicked/.test(l)).slice(-3).join(" | ")}`);
      }
      await sweep(worker);
      await sleep(3_000);
    }
    // The last deliveries are being recorded as delivered; give them a moment.
    let left;
    for (let i = 0; i < 20; i++) {
      left = await pending(worker);
      if (left.pending.length === 0) break;
      await sleep(500);
    }
    mailed = await byReference(worker);
    assert.deepEqual(new Set(mailed.keys()), want, `the mailbox holds other messages than the ${REPORTS} reports`);
    const doubled = [...mailed].filter(([, n]) => n > 1);
    assert.deepEqual(doubled, [], "messages mailed more than once");
    assert.deepEqual(left.pending, [], "reports still pending after delivery");
    assert.deepEqual(left.refused, [], "reports set aside");

    const injected = worker.log().match(/injected mailbox failure/g)?.length ?? 0;
    console.log(`# ${REPORTS} reports, ${mailed.size} messages with ${mailed.size} distinct references; ${injected} injected failures; ${left.dead.length} dead letters`);
    assert.ok(injected >= REPORTS / 2, `only ${injected} injected failures: was the mailbox failing at all?`);
  } finally {
    await worker.stop();
  }
});

test("reports stored but not delivered are swept after a restart", { timeout: 120_000 }, async () => {
  const state = await mkdtemp(path.join(tmpdir(), "abusedesk-state-"));
  try {
    // The mailbox refuses everything: reports are stored and answered, never mailed.
    const down = await startWorker({ faults: true, vars: { MAILBOX_FAILURE_RATE: "1", ADMIN_TOKEN }, persistTo: state });
    let refs;
    try {
      refs = await postAll(down, 5, 5);
      const stuck = await pending(down);
      assert.deepEqual(stuck.pending.map((p) => p.reference).sort(), [...refs].sort());
      assert.deepEqual(await down.mailbox.all(), []);
    } finally {
      await down.stop();
    }

    // Restarted on the same state, with a working mailbox: the local queue's messages are
    // gone with the old process, so nothing arrives until the cron trigger sweeps.
    const up = await startWorker({ faults: true, vars: { SWEEP_AFTER: "1s", ADMIN_TOKEN }, persistTo: state, testScheduled: true });
    try {
      assert.equal((await pending(up)).pending.length, 5, "the stored reports did not survive the restart");
      await sleep(2_000);
      assert.deepEqual(await up.mailbox.all(), [], "mail arrived before the sweep");
      await sweep(up);
      for (const ref of refs) await up.mailbox.waitFor((m) => m.subject.includes(ref));
      assert.deepEqual(await pending(up), { pending: [], dead: [], refused: [], confirmations: [] });
      // A second sweep finds nothing left to send.
      await sweep(up);
      await sleep(500);
      assert.equal((await up.mailbox.all()).length, 5);
    } finally {
      await up.stop();
    }
  } finally {
    await rm(state, { recursive: true, force: true });
  }
});

test("a key is one report: posted again, at once or later, the same reference and one mail; with another report, refused", async () => {
  const worker = await startWorker();
  try {
    const key = `double-click-${Date.now()}`;
    const message = "The same report, sent three times.";
    const [a, b] = await Promise.all([post(worker, 1, key, message), post(worker, 1, key, message)]);
    const c = await post(worker, 1, key, message);
    assert.equal(a, b);
    assert.equal(a, c);
    // Another report under the key is refused in words, not answered with a's reference
    // while it is dropped.
    const res = await fetch(`${worker.url}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key, "cf-connecting-ip": "198.18.9.9" },
      body: JSON.stringify({ ...report, message: "A different report." }),
    });
    const answer = await res.json();
    assert.equal(res.status, outcomes.KeyReused.status, JSON.stringify(answer));
    assert.equal(answer.error, outcomes.KeyReused.code);
    await worker.mailbox.waitFor((m) => m.subject.includes(a));
    await sleep(2_000);
    assert.equal((await worker.mailbox.all()).length, 1);

    // No ADMIN_TOKEN configured: the operator's listing does not exist.
    const closed = await fetch(`${worker.url}/api/admin/pending`, { headers: { authorization: "Bearer " } });
    assert.equal(closed.status, outcomes.NotFound.status);
    await closed.arrayBuffer();
  } finally {
    await worker.stop();
  }
});

// wrangler.jsonc without the queue consumers, beside it since its paths are relative to it.
const noDelivery = "durable-no-delivery.wrangler.json";

test("reports the mailbox refuses for good are set aside for the operator, and the sweep goes past any number of them", { timeout: 240_000 }, async () => {
  const state = await mkdtemp(path.join(tmpdir(), "abusedesk-state-"));
  const REFUSED = 100;
  const GOOD = 5;
  try {
    // No queue consumer: every report is stored and waits, as after a lost queue.
    const { rawConfig } = readRawConfig({ config: "wrangler.jsonc" });
    await writeFile(noDelivery, JSON.stringify({ ...rawConfig, queues: { producers: rawConfig.queues.producers } }));
    const down = await startWorker({ config: noDelivery, vars: { ADMIN_TOKEN }, persistTo: state });
    let refs;
    try {
      refs = await postAll(down, REFUSED + GOOD, 6, (i) => (i < REFUSED ? `Never deliverable REFUSE-ME #${i}` : `Deliverable #${i}`));
    } finally {
      await down.stop();
    }
    const refused = new Set(refs.slice(0, REFUSED));
    const good = refs.slice(REFUSED);
    // Back, with a mailbox that refuses for good what holds the marker, as Cloudflare's
    // refuses a message over its limits, and the queue's consumer; the queue's messages
    // went with the old process, so the sweep alone delivers, 50 a run.
    const up = await startWorker({ faults: true, vars: { MAILBOX_REFUSE: "REFUSE-ME", SWEEP_AFTER: "1s", ADMIN_TOKEN }, persistTo: state, testScheduled: true });
    try {
      await sleep(1_500);
      let left;
      for (let run = 1; ; run++) {
        await sweep(up);
        left = await pending(up);
        if (left.pending.length === 0) break;
        assert.ok(run < 10, `after ${run} sweeps, ${left.pending.length} reports still pending`);
      }
      // Delivered means the binding returned; wrangler prints where it wrote the message a
      // moment later, and the mailbox reads only what was printed.
      for (const ref of good) await up.mailbox.waitFor((m) => m.headers.get("x-abusedesk-reference") === ref);
      const mailed = await byReference(up);
      assert.deepEqual([...mailed.keys()].sort(), [...good].sort(), "the reports the mailbox takes");
      assert.deepEqual(left.refused.map((r) => r.reference).sort(), [...refused].sort(), "the reports set aside");
      for (const r of left.refused) assert.match(r.reason, /E_CONTENT_TOO_LARGE/);
      // Set aside is final: another sweep tries none of them again.
      const attempts = up.log().match(/refused for good/g)?.length ?? 0;
      await sweep(up);
      await sleep(500);
      assert.equal(up.log().match(/refused for good/g)?.length ?? 0, attempts);
      assert.equal((await up.mailbox.all()).length, GOOD);
    } finally {
      await up.stop();
    }
  } finally {
    await rm(state, { recursive: true, force: true });
    await rm(noDelivery, { force: true });
  }
});

test("a filled honeypot is answered like a report and goes nowhere; the listing wants its token", async () => {
  const worker = await startWorker({ vars: { ADMIN_TOKEN } });
  try {
    const form = new URLSearchParams({ ...report, website: "http://spam.example/" });
    const res = await fetch(`${worker.url}/api/reports`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form,
    });
    const answer = await res.json();
    assert.equal(res.status, outcomes.Accepted.status, JSON.stringify(answer));
    assert.match(answer.reference, /^AD-\d{8}-\w{6}$/);
    await sleep(2_000);
    assert.deepEqual(await worker.mailbox.all(), []);
    assert.deepEqual(await worker.confirmations.all(), [], "a robot's post confirmed to the address it typed");
    assert.deepEqual(await pending(worker), { pending: [], dead: [], refused: [], confirmations: [] });

    const wrong = await fetch(`${worker.url}/api/admin/pending`, { headers: { authorization: "Bearer guess" } });
    assert.equal(wrong.status, outcomes.Unauthorized.status);
    await wrong.arrayBuffer();
  } finally {
    await worker.stop();
  }
});
