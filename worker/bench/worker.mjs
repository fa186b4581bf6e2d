// make bench: the Worker under `wrangler dev` on 127.0.0.1, a valid JSON report posted
// again and again by a bounded load generator, at 1 and at 20 connections; once with the
// kept Go instance (entry.mjs) and once with syumai's glue, a new instance per request
// (bench/per-request.mjs). Prints rows of a Markdown table.
//
// Beside the wall times, the CPU workerd spent per request: its processes' user and system
// time (/proc/<pid>/stat, every workerd this process started) over each run, divided by the
// requests; the simulated bindings (R2, the queue, the mailbox) and, with delivery, the
// queue's consumer mailing each report run in it too, as they do not in production.
//
// Locally, the queue's consumer mails each report in the same isolate and on the same two
// cores as the requests that follow it; deployed, it is an invocation of its own. A third
// run, with wrangler.jsonc's queue consumers left out, times the request path alone.
//
// The last two runs hand the Worker its bindings in memory (bench/memory.mjs) instead of
// miniflare's simulators, kept instance against instance per request: what workerd spends
// on a report is then the Worker's own and workerd's serving of the request (wrangler's
// proxy worker included), as near as this machine can come to what Cloudflare counts.
//
//   node bench/worker.mjs [requests per run, default 300]
import { rm, writeFile } from 'node:fs/promises';

import { experimental_readRawConfig as readRawConfig } from 'wrangler';

import { startWorker } from '../test/wrangler.mjs';
import { load, post, report } from './load.mjs';

const requests = Number(process.argv[2] ?? 300);
const warmup = 10;

const body = JSON.stringify(report);

let sent = 0;
const failures = new Map(); // status → one answer with it
// Each post from an address of its own: the Worker allows 10 reports a minute per address.
function address() {
  sent++;
  return `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
}

// send posts one report, from an address of its own, and says whether it was accepted.
const send = (url) => async (agent) => {
  const { status, text } = await post(`${url}/api/reports`, agent, { 'content-type': 'application/json', 'cf-connecting-ip': address() }, body);
  // Counted and shown, not fatal: on a busy machine the simulated mailbox may time out.
  if (status !== 201) failures.set(status, text.slice(0, 200));
  return status === 201;
};

// The same configuration without the queue consumers: reports are stored and queued, not
// mailed. Beside wrangler.jsonc, since its paths are relative to it.
const { rawConfig } = readRawConfig({ config: 'wrangler.jsonc' });
const noDelivery = 'bench-no-delivery.wrangler.json';
await writeFile(noDelivery, JSON.stringify({ ...rawConfig, queues: { producers: rawConfig.queues.producers } }));

const rows = [];
try {
  for (const [glue, options] of [
    ['one kept instance (entry.mjs)', {}],
    ['instance per request (syumai glue)', { script: 'bench/per-request.mjs' }],
    ['one kept instance, delivery left out', { config: noDelivery }],
    ['one kept instance, bindings in memory', { script: 'bench/in-memory.mjs' }],
    ['instance per request, bindings in memory', { script: 'bench/per-request-in-memory.mjs' }],
  ]) {
    const worker = await startWorker(options);
    try {
      await load(warmup, 1, send(worker.url));
      for (const c of [1, 20]) {
        const r = await load(requests, c, send(worker.url));
        rows.push({ glue, c, ...r });
      }
    } finally {
      await worker.stop();
    }
  }
} finally {
  await rm(noDelivery, { force: true });
}

const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`| Worker, valid JSON report (${requests} requests) | connections | p50 | p99 | requests/s | workerd CPU / request | not 201 |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.glue} | ${r.c} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.rps.toFixed(0)} | ${ms(r.cpu)} | ${r.failed} |`);
const kept = rows.filter((r) => r.glue.startsWith('one kept instance (entry'));
const per = rows.filter((r) => r.glue === 'instance per request (syumai glue)');
const bare = rows.filter((r) => r.glue.startsWith('one kept instance, delivery'));
const memory = rows.filter((r) => r.glue === 'one kept instance, bindings in memory');
const at20 = (glue) => rows.find((r) => r.glue === glue && r.c === 20);
const k20 = kept.find((r) => r.c === 20);
const p20 = per.find((r) => r.c === 20);
const km20 = at20('one kept instance, bindings in memory');
const pm20 = at20('instance per request, bindings in memory');
const met = (ok) => (ok ? 'met' : 'missed');
console.log();
console.log('| Worker target | figure | met? |');
console.log('|---|---|---|');
console.log(`| p50 < 10 ms at 1 connection (kept instance) | ${ms(kept[0].p50)} | ${met(kept[0].p50 < 10)} |`);
console.log(`| throughput at 20 connections ≥ 7× the per-request glue (issue 27; 2026-11-23: 135 req/s, 7.6–11×) | ${k20.rps.toFixed(0)} against ${p20.rps.toFixed(0)} req/s: ${(k20.rps / p20.rps).toFixed(1)}× | ${met(k20.rps / p20.rps >= 7)} |`);
console.log(`| the same, bindings in memory | ${km20.rps.toFixed(0)} against ${pm20.rps.toFixed(0)} req/s: ${(km20.rps / pm20.rps).toFixed(1)}× | ${met(km20.rps / pm20.rps >= 7)} |`);
for (const r of [...kept, ...bare, ...memory]) {
  console.log(`| workerd CPU per report ≤ 10 ms (Workers Free), ${r.glue.replace(/ \(entry.mjs\)/, '')}, ${r.c} connection${r.c > 1 ? 's' : ''} | ${ms(r.cpu)} | ${met(r.cpu <= 10)} |`);
}
for (const [status, answer] of failures) console.error(`answered ${status}: ${answer}`);
