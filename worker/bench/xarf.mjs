// make bench: the machine reporters' endpoint under `wrangler dev` on 127.0.0.1: one XARF
// v4 report (the shipped messaging/spam sample) posted again and again with a reporter's
// key, at 1 and at 20 connections, on the kept Go instance with delivery as configured.
// Prints rows of a Markdown table, as bench/worker.mjs does for the form's reports.
//
// Each run has a key of its own, so that wrangler.jsonc's XARF_LIMIT (600 a minute a key)
// is never what is measured; runs stay under it.
//
//   node bench/xarf.mjs [requests per run, default 300]
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { startWorker } from '../test/wrangler.mjs';

const requests = Number(process.argv[2] ?? 300);
const warmup = 10;
if (requests + warmup > 600) throw new Error('a run must stay under XARF_LIMIT (600 a minute a key)');

const run = promisify(execFile);
const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(workerDir, '..');
const wranglerBin = path.join(workerDir, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const xarfSpec = path.resolve(repo, process.env.XARF_SPEC ?? '../shared/xarf-v4');
const body = await readFile(path.join(xarfSpec, 'samples', 'v4', 'messaging-spam.json'), 'utf8');

// makeKey makes a key with the operator's command and puts its record into the bucket the
// Worker runs on (as worker/test/xarf.test.mjs does).
async function makeKey(dir, persist, name) {
  const { stdout } = await run('go', ['run', './worker/cmd/reporterkey', '-name', name, '-dir', dir], { cwd: repo });
  const key = stdout.trim();
  const id = key.split('_')[1];
  await run(process.execPath, [wranglerBin, 'r2', 'object', 'put', `abusedesk-reports/reporters/${id}.json`,
    '--file', path.join(dir, `${id}.json`), '--content-type', 'application/json', '--local', '--persist-to', persist],
  { cwd: workerDir, env: { ...process.env, NO_COLOR: '1' } });
  return key;
}

const failures = new Map(); // status → one answer with it

function post(url, agent, key) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/v1/xarf`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}` },
    }, (res) => {
      let answer = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { answer += d; });
      res.on('end', () => {
        if (res.statusCode !== 202) failures.set(res.statusCode, answer.slice(0, 200));
        resolve({ ms: performance.now() - started, ok: res.statusCode === 202 });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(url, key, n, c) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c });
  const times = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: c }, async () => {
    while (next < n) {
      next++;
      const { ms, ok } = await post(url, agent, key);
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

const tmp = await mkdtemp(path.join(tmpdir(), 'abusedesk-xarf-bench-'));
const persist = path.join(tmp, 'state');
const rows = [];
try {
  const keys = { 1: await makeKey(tmp, persist, 'Bench one'), 20: await makeKey(tmp, persist, 'Bench twenty') };
  const worker = await startWorker({ persistTo: persist });
  try {
    for (const c of [1, 20]) {
      await load(worker.url, keys[c], warmup, 1);
      rows.push({ c, ...(await load(worker.url, keys[c], requests, c)) });
    }
  } finally {
    await worker.stop();
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`| XARF endpoint, one report (${requests} requests) | connections | p50 | p99 | requests/s | not 202 |`);
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| POST /api/v1/xarf, one kept instance | ${r.c} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.rps.toFixed(0)} | ${r.failed} |`);
for (const [status, answer] of failures) console.error(`answered ${status}: ${answer}`);
