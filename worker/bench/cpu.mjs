// make bench: the CPU our Worker spends on a report, apart from the simulated bindings.
// workerd's own CPU per report (worker.mjs) also counts miniflare's simulators of R2, the
// queue and the mailbox, which run in the same process and, since wrangler 4.164, cost
// more than the Worker itself; deployed, Cloudflare counts only the Worker's isolate. Here
// the same modules as deployed (build/worker: entry.mjs's way of starting them, the
// prepared content, the authority module) run in Node's V8 with bindings kept in memory
// (a Map for R2, an array for the queue, a rate limit that always allows, a mailbox that
// keeps the message), and Node's process CPU (process.cpuUsage: user and system) is read
// around each run of reports, after a warm-up. What the in-memory bindings cost is in the
// figure too; it is small beside the Worker's (one Map operation per call).
//
// Two rows: the request path alone (the report judged, numbered, stored and queued), and
// with delivery (the queue's batch handed to the same instance, which mails each report
// to the desk, as a deployed consumer does in an invocation of its own). Then the
// throughput at 20 reports at a time, of entry.mjs's one kept Go instance against
// syumai/workers' glue, which starts an instance for every request (worker.mjs's
// comparison, without the simulators that cost both alike under wrangler dev).
//
//   node bench/cpu.mjs [reports per run, default 300]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { experimental_readRawConfig as readRawConfig } from 'wrangler';

import { report } from './load.mjs';
import { bindings } from './memory.mjs';

const requests = Number(process.argv[2] ?? 300);
const warmup = 30;
// Issue 27's target: Workers Free's CPU limit per invocation.
const target = 10;

const build = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'worker');
globalThis.tryCatch = (fn) => { try { return { result: fn() }; } catch (e) { return { error: e }; } };
await import(path.join(build, 'wasm_exec.js'));
// wasm_exec.js prints the Go modules' output (the Worker's log lines) with console.log:
// the lines are still made, in Go, and their CPU counted, but not printed.
const print = console.log;
console.log = () => {};

const body = JSON.stringify(report);

// The variables are wrangler.jsonc's, as wrangler dev gives them.
const { env, queued, mailed } = bindings();
Object.assign(env, readRawConfig({ config: 'wrangler.jsonc' }).rawConfig.vars);
globalThis.EmailMessage = class { constructor(from, to, raw) { Object.assign(this, { from, to, raw }); } };
globalThis.abusedeskContent = new Uint8Array(readFileSync(path.join(build, 'content.bin')));

// startGo starts a module as entry.mjs does and resolves with its exports once it is ready.
const modules = new Map();
async function startGo(file, context) {
  if (!modules.has(file)) modules.set(file, new WebAssembly.Module(readFileSync(file)));
  const go = new Go();
  let ready;
  const readyP = new Promise((r) => { ready = r; });
  const instance = new WebAssembly.Instance(modules.get(file), { ...go.importObject, workers: { ready: () => ready() } });
  go.run(instance, context);
  await readyP;
  return context.binding;
}
const worker = await startGo(path.join(build, 'app.wasm'), { env, get ctx() { throw new Error('no ctx'); }, binding: {} });
let authority;
globalThis.abusedeskValidate = async (schema, doc) => {
  authority ??= startGo(path.join(build, 'authority.wasm'), { binding: {}, xarf: new Uint8Array(readFileSync(path.join(build, 'xarf.bin'))) });
  return (await authority).validate(schema, doc);
};
const ctx = { waitUntil() {}, passThroughOnException() {} };

// kept serves a request with the kept instance; perRequest as syumai's glue does
// (build/worker/worker.mjs), with an instance of its own.
const kept = (request) => worker.serveHTTP(request, env, ctx);
async function perRequest(request) {
  const binding = {};
  await startGo(path.join(build, 'app.wasm'), { env, ctx, binding });
  return binding.handleRequest(request);
}

let sent = 0;
async function post(serve = kept) {
  sent++;
  const request = new Request('http://127.0.0.1/api/reports', {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}` },
  });
  const response = await serve(request);
  if (response.status !== 201) throw new Error(`report ${sent}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

// deliver hands what the queue holds to the instance as a batch, as the queue would.
async function deliver() {
  const bodies = queued.splice(0);
  if (bodies.length === 0) return;
  let acked = 0;
  const messages = bodies.map((body, i) => ({
    id: `m${sent}-${i}`, timestamp: new Date(), body, attempts: 1,
    ack() { acked++; }, retry() {},
  }));
  await worker.handleQueueMessageBatch({ queue: 'abusedesk-deliveries', messages, ackAll() { acked = messages.length; }, retryAll() {} });
  if (acked !== messages.length) throw new Error(`delivery acknowledged ${acked} of ${messages.length} messages`);
}

async function run(withDelivery) {
  for (let i = 0; i < warmup; i++) { await post(); if (withDelivery) await deliver(); }
  queued.length = 0;
  const mails = mailed.length;
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < requests; i++) { await post(); if (withDelivery) await deliver(); }
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  if (withDelivery && mailed.length - mails < requests) throw new Error(`${mailed.length - mails} of ${requests} reports mailed`);
  return { cpu: (used.user + used.system) / 1000 / requests, wall: wall / requests };
}

// throughput posts n reports, at most c at a time, and answers reports a second.
async function throughput(serve, n, c) {
  for (let i = 0; i < 5; i++) await post(serve);
  queued.length = 0;
  let left = n;
  const t = performance.now();
  await Promise.all(Array.from({ length: c }, async () => {
    while (left-- > 0) await post(serve);
  }));
  queued.length = 0;
  return n / ((performance.now() - t) / 1000);
}

const alone = await run(false);
const delivered = await run(true);
const ms = (x) => `${x.toFixed(1)} ms`;
print(`| our Worker's CPU per report, in Node ${process.versions.node}'s V8 with in-memory bindings, ${requests} reports after ${warmup} | CPU | wall | target ≤ ${target} ms |`);
print('|---|---|---|---|');
print(`| the request path (judged, numbered, stored, queued) | ${ms(alone.cpu)} | ${ms(alone.wall)} | ${alone.cpu <= target ? 'met' : 'missed'} |`);
print(`| with delivery (each report mailed to the desk by the queue's batch) | ${ms(delivered.cpu)} | ${ms(delivered.wall)} | ${delivered.cpu <= target ? 'met' : 'missed'} |`);
const keptRate = await throughput(kept, requests, 20);
const perRate = await throughput(perRequest, Math.min(requests, 100), 20);
print();
print('| reports at 20 at a time (in Node, in-memory bindings) | reports/s | ÷ instance per request | target |');
print('|---|---|---|---|');
print(`| one kept instance (entry.mjs) | ${keptRate.toFixed(0)} | ${(keptRate / perRate).toFixed(1)}× | ≥ 7×: ${keptRate / perRate >= 7 ? 'met' : 'missed'} |`);
print(`| instance per request (syumai glue) | ${perRate.toFixed(0)} | 1.0× | |`);
process.exit(0);
