// The delivery promise under the real runtime (README: Delivery promise): reports stored in
// the local R2 bucket, delivered through the local queue, swept by the cron trigger. A
// test-only Worker variable, MAILBOX_FAILURE_RATE, makes the mailbox fail on purpose.
// Run by `make test` (after `make build`).

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";

import { startWorker } from "./wrangler.mjs";

const ADMIN_TOKEN = "operator-token-for-tests";

const report = {
  lang: "en",
  full_name: "Olena Koval",
  email: "olena.koval@example.org",
  category: "spam",
  message: "Spam from 192.0.2.7 since 08:00.",
  message_headers: "Received: from mail.example.net ([192.0.2.7])\nFrom: offers@example.net\nSubject: You won",
  declaration: "yes",
};

// post sends report number i from an address of its own (the rate limit counts by
// address) with an idempotency key of its own. An answer that is not the Worker's (wrangler
// restarting a runtime overloaded on a busy machine says "Your worker restarted
// mid-request") is what a client retries with the same key; the key makes that safe.
async function post(worker, i, key = `durable-${i}-${Date.now()}`) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${worker.url}/api/reports`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "cf-connecting-ip": `198.18.${i >> 8}.${i & 255}`,
        "idempotency-key": key,
      },
      body: JSON.stringify({ ...report, message: `${report.message} #${i}` }),
    });
    if (!(res.headers.get("content-type") ?? "").startsWith("application/json") && attempt < 3) {
      console.log(`# report ${i}: ${res.status} ${(await res.text()).slice(0, 80)}; sent again with its key`);
      continue;
    }
    const answer = await res.json();
    assert.equal(res.status, 201, JSON.stringify(answer));
    return answer.reference;
  }
}

// postAll posts reports 0..n-1, a few at a time, and returns their references.
async function postAll(worker, n, concurrency = 6) {
  const refs = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      refs[i] = await post(worker, i);
    }
  }));
  return refs;
}

async function pending(worker) {
  const res = await fetch(`${worker.url}/api/admin/pending`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(res.status, 200);
  return res.json();
}

async function sweep(worker) {
  const res = await fetch(`${worker.url}/__scheduled`);
  await res.arrayBuffer();
  assert.equal(res.status, 200);
}

// byReference counts the mailbox's messages by the report's reference in their subject
// ("[abuse AD-…] …"), not by Message-ID: the send_email binding puts a Message-ID of its own
// on every message (wrangler 4.164's simulator, as Cloudflare's Email Service does), so one
// report mailed twice would arrive under two.
async function byReference(worker) {
  const refs = new Map();
  for (const m of await worker.mailbox.all()) {
    const ref = /^\[abuse (AD-[^\]]+)\]/.exec(m.subject)?.[1] ?? m.subject;
    refs.set(ref, (refs.get(ref) ?? 0) + 1);
  }
  return refs;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("with the mailbox failing half the time, 200 reports end as 200 messages: none lost, none doubled", { timeout: 180_000 }, async () => {
  const worker = await startWorker({
    vars: { MAILBOX_FAILURE_RATE: "0.5", SWEEP_AFTER: "5s", ADMIN_TOKEN },
    testScheduled: true,
  });
  try {
    const refs = await postAll(worker, 200);
    assert.equal(new Set(refs).size, 200, "references repeat");
    const want = new Set(refs);

    // The queue retries each failed message; one that fails 11 times in a row goes to the
    // dead-letter queue, and the sweep (run here every few seconds, as cron would) mails it.
    const deadline = Date.now() + 120_000;
    let mailed;
    for (;;) {
      mailed = await byReference(worker);
      if ([...want].every((ref) => mailed.has(ref))) break;
      assert.ok(Date.now() < deadline, `after 120 s, ${[...want].filter((ref) => !mailed.has(ref)).length} of 200 reports are not in the mailbox`);
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
    assert.deepEqual(new Set(mailed.keys()), want, "the mailbox holds other messages than the 200 reports");
    const doubled = [...mailed].filter(([, n]) => n > 1);
    assert.deepEqual(doubled, [], "messages mailed more than once");
    assert.deepEqual(left.pending, [], "reports still pending after delivery");

    const injected = worker.log().match(/injected mailbox failure/g)?.length ?? 0;
    console.log(`# 200 reports, 200 messages; ${injected} injected failures; ${left.dead.length} dead letters`);
    assert.ok(injected >= 100, `only ${injected} injected failures: was the mailbox failing at all?`);
  } finally {
    await worker.stop();
  }
});

test("reports stored but not delivered are swept after a restart", { timeout: 120_000 }, async () => {
  const state = await mkdtemp(path.join(tmpdir(), "abusedesk-state-"));
  try {
    // The mailbox refuses everything: reports are stored and answered, never mailed.
    const down = await startWorker({ vars: { MAILBOX_FAILURE_RATE: "1", ADMIN_TOKEN }, persistTo: state });
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
    const up = await startWorker({ vars: { SWEEP_AFTER: "1s", ADMIN_TOKEN }, persistTo: state, testScheduled: true });
    try {
      assert.equal((await pending(up)).pending.length, 5, "the stored reports did not survive the restart");
      await sleep(2_000);
      assert.deepEqual(await up.mailbox.all(), [], "mail arrived before the sweep");
      await sweep(up);
      for (const ref of refs) await up.mailbox.waitFor((m) => m.subject.includes(ref));
      assert.deepEqual(await pending(up), { pending: [], dead: [] });
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

test("posting again with the same key returns the same reference and mails once", async () => {
  const worker = await startWorker();
  try {
    const key = `double-click-${Date.now()}`;
    const [a, b] = await Promise.all([post(worker, 1, key), post(worker, 2, key)]);
    const c = await post(worker, 3, key);
    assert.equal(a, b);
    assert.equal(a, c);
    await worker.mailbox.waitFor((m) => m.subject.includes(a));
    await sleep(2_000);
    assert.equal((await worker.mailbox.all()).length, 1);

    // No ADMIN_TOKEN configured: the operator's listing does not exist.
    const closed = await fetch(`${worker.url}/api/admin/pending`, { headers: { authorization: "Bearer " } });
    assert.equal(closed.status, 404);
    await closed.arrayBuffer();
  } finally {
    await worker.stop();
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
    assert.equal(res.status, 201, JSON.stringify(answer));
    assert.match(answer.reference, /^AD-\d{8}-\w{6}$/);
    await sleep(2_000);
    assert.deepEqual(await worker.mailbox.all(), []);
    assert.deepEqual(await pending(worker), { pending: [], dead: [] });

    const wrong = await fetch(`${worker.url}/api/admin/pending`, { headers: { authorization: "Bearer guess" } });
    assert.equal(wrong.status, 401);
    await wrong.arrayBuffer();
  } finally {
    await worker.stop();
  }
});
