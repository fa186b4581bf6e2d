// make bench: the Worker under `wrangler dev` on 127.0.0.1, a valid JSON report posted
// again and again by a bounded load generator, at 1 and at 20 connections; once with the
// kept Go instance (entry.mjs) and once with syumai's glue, a new instance per request
// (bench/per-request.mjs). Prints rows of a Markdown table.
//
// Locally, the queue's consumer mails each report in the same isolate and on the same two
// cores as the requests that follow it; deployed, it is an invocation of its own. A third
// run, with wrangler.jsonc's queue consumers left out, times the request path alone.
//
//   node bench/worker.mjs [requests per run, default 300]
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

import { experimental_readRawConfig as readRawConfig } from 'wrangler';

import { startWorker } from '../test/wrangler.mjs';

const requests = Number(process.argv[2] ?? 300);
const warmup = 10;

const report = {
  lang: 'en',
  full_name: 'Olena Koval',
  email: 'olena.koval@example.org',
  phone: '+380 44 123 45 67',
  company: '',
  postal_address: '1 Main St\nKyiv 01001',
  business_address: '',
  requester: 'person',
  category: 'phishing',
  resource: 'bank.example.net',
  message: 'A phishing page at https://bank.example.net/login copies our customer\'s bank.',
  evidence_urls: 'https://bank.example.net/login',
  declaration: 'yes',
};
const body = JSON.stringify(report);

let sent = 0;
const failures = new Map(); // status → one answer with it
// Each post from an address of its own: the Worker allows 10 reports a minute per address.
function address() {
  sent++;
  return `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
}

// post sends one report over agent's kept-alive connections and resolves with the time
// until the whole answer was read, in milliseconds.
function post(url, agent) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/reports`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cf-connecting-ip': address() },
    }, (res) => {
      let answer = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { answer += d; });
      res.on('end', () => {
        if (res.statusCode !== 201) {
          // Counted and shown, not fatal: on a busy machine the simulated mailbox may time out.
          failures.set(res.statusCode, answer.slice(0, 200));
        }
        resolve({ ms: performance.now() - started, ok: res.statusCode === 201 });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// run posts n reports over c connections, each connection one request at a time.
async function run(url, n, c) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c });
  const times = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: c }, async () => {
    while (next < n) {
      next++;
      const { ms, ok } = await post(url, agent);
      times.push(ms);
      if (!ok) failed++;
    }
  }));
  const wall = performance.now() - started;
  agent.destroy();
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: q(0.5), p99: q(0.99), rps: n / (wall / 1000), failed };
}

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
  ]) {
    const worker = await startWorker(options);
    try {
      await run(worker.url, warmup, 1);
      for (const c of [1, 20]) {
        const r = await run(worker.url, requests, c);
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
console.log(`| Worker, valid JSON report (${requests} requests) | connections | p50 | p99 | requests/s | not 201 |`);
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.glue} | ${r.c} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.rps.toFixed(0)} | ${r.failed} |`);
const kept = rows.filter((r) => r.glue.startsWith('one kept instance (entry'));
const per = rows.filter((r) => r.glue.startsWith('instance'));
const k20 = kept.find((r) => r.c === 20);
const p20 = per.find((r) => r.c === 20);
console.log(`| target: p50 < 10 ms at 1 connection | | ${ms(kept[0].p50)}: ${kept[0].p50 < 10 ? 'met' : 'missed'} | | | |`);
console.log(`| target: ≥ 10× the per-request throughput at 20 | | | | ${(k20.rps / p20.rps).toFixed(1)}×: ${k20.rps / p20.rps >= 10 ? 'met' : 'missed'} | |`);
for (const [status, answer] of failures) console.error(`answered ${status}: ${answer}`);
