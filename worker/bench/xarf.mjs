// make bench: the machine reporters' endpoint under `wrangler dev` on 127.0.0.1: one XARF
// v4 report (the shipped messaging/spam sample) posted again and again with a reporter's
// key, at 1 and at 20 connections, on the kept Go instance with delivery as configured.
// Prints rows of a Markdown table, as bench/worker.mjs does for the form's reports.
//
// Each run has a key of its own, so that wrangler.jsonc's XARF_LIMIT (600 a minute a key)
// is never what is measured; runs stay under it.
//
//   node bench/xarf.mjs [requests per run, default 300]
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { makeKey, startWorker } from '../test/wrangler.mjs';
import { load, post } from './load.mjs';

const requests = Number(process.argv[2] ?? 300);
const warmup = 10;
if (requests + warmup > 600) throw new Error('a run must stay under XARF_LIMIT (600 a minute a key)');

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(workerDir, '..');
const xarfSpec = path.resolve(repo, process.env.XARF_SPEC ?? '../shared/xarf-v4');
const body = await readFile(path.join(xarfSpec, 'samples', 'v4', 'messaging-spam.json'), 'utf8');

const failures = new Map(); // status → one answer with it

// send posts the report with key and says whether it was accepted.
const send = (url, key) => async (agent) => {
  const { status, text } = await post(`${url}/api/v1/xarf`, agent, { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body);
  if (status !== 202) failures.set(status, text.slice(0, 200));
  return status === 202;
};

const tmp = await mkdtemp(path.join(tmpdir(), 'abusedesk-xarf-bench-'));
const persist = path.join(tmp, 'state');
const rows = [];
try {
  const keys = { 1: await makeKey(tmp, persist, 'Bench one'), 20: await makeKey(tmp, persist, 'Bench twenty') };
  const worker = await startWorker({ persistTo: persist });
  try {
    for (const c of [1, 20]) {
      await load(warmup, 1, send(worker.url, keys[c]));
      rows.push({ c, ...(await load(requests, c, send(worker.url, keys[c]))) });
    }
  } finally {
    await worker.stop();
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`| XARF endpoint, one report (${requests} requests) | connections | p50 | p99 | requests/s | workerd CPU / request | not 202 |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| POST /api/v1/xarf, one kept instance | ${r.c} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.rps.toFixed(0)} | ${ms(r.cpu)} | ${r.failed} |`);
for (const [status, answer] of failures) console.error(`answered ${status}: ${answer}`);
