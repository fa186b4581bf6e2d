// make bench: the Worker's cold start, the first answer of a fresh isolate, which a
// reporter meets on the first request after a deploy or an idle spell. Ours against the
// smallest Go Worker that answers alike (bench/hello: syumai/workers' glue, net/http, a
// JSON 404), each started afresh under `wrangler dev` several times, median taken:
//
//   - the first answer of each, a GET of an unknown API path (what test/wrangler.mjs waits
//     for); workerd compiles the WebAssembly when it loads the script, before wrangler says
//     it is ready, so this is instantiating Go, its package initialisation and the
//     handler's first request;
//   - our first report, a valid one posted first thing: the same, plus starting the
//     authority module (worker/cmd/authority) and keeping the report;
//   - the same report to the Worker with the authority left out (bench/no-authority.mjs:
//     every report judged valid at once), which splits the first report's extra into the
//     authority's start and the rest (storing and queueing it, the first run of that code).
//
// workerd's clock stands still while code runs, so where the time goes is measured in
// Node's V8 instead, the same engine, with the same modules and the content `make worker`
// prepared: compiling the module, instantiating it, Go's package initialisation
// (GODEBUG=inittrace=1), main until it says it is ready, the first request (for ours,
// building the handler), and starting the authority module. Each start is a Node process
// of its own: V8 keeps a module it compiled for the process, functions compiled included,
// and a second start in one process would measure a warm one.
//
//   node bench/coldstart.mjs [fresh starts per row, default 5]
//   node bench/coldstart.mjs --phases hello|ours   (one start in V8, its phases as JSON)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { startWorker } from '../test/wrangler.mjs';

const here = fileURLToPath(import.meta.url);
const build = path.resolve(path.dirname(here), '..', '..', 'build');

const report = JSON.stringify({
  lang: 'en', requester: 'person', full_name: 'Olena Koval', email: 'olena.koval@example.org', category: 'phishing', resource: 'bank.example.net',
  message: 'A phishing page at https://bank.example.net/login copies our customer\'s bank.',
  evidence_urls: 'https://bank.example.net/login', declaration: 'yes',
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

if (process.argv[2] === '--phases') {
  console.log(JSON.stringify(await phases(process.argv[3])));
  process.exit(0);
}
const runs = Number(process.argv[2] ?? 5);

// firstAnswer starts a Worker afresh and times its first answer to ask().
async function firstAnswer(options, ask, want) {
  const worker = await startWorker({ ...options, untouched: true });
  try {
    const started = performance.now();
    const res = await ask(worker.url);
    await res.arrayBuffer();
    const took = performance.now() - started;
    if (res.status !== want) throw new Error(`first answer ${res.status}, want ${want}:\n${worker.log()}`);
    return took;
  } finally {
    await worker.stop();
  }
}

const get = (url) => fetch(`${url}/api/ready`);
const post = (url) => fetch(`${url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: report });

// The rows take turns, so that whatever else the machine does weighs on each alike.
const hello = [];
const ours = [];
const oursReport = [];
const noAuthority = [];
for (let i = 0; i < runs; i++) {
  hello.push(await firstAnswer({ config: 'bench/hello/wrangler.jsonc' }, get, 404));
  ours.push(await firstAnswer({}, get, 404));
  oursReport.push(await firstAnswer({}, post, 201));
  noAuthority.push(await firstAnswer({ script: 'bench/no-authority.mjs', config: 'wrangler.jsonc' }, post, 201));
}
const h = median(hello);
console.log('| cold start under wrangler dev, median of %d fresh starts (min–max) | first answer | ÷ hello-world |', runs);
console.log('|---|---|---|');
const row = (name, xs) => console.log(`| ${name} | ${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))}) | ${(median(xs) / h).toFixed(2)}× |`);
row('hello-world Go Worker (bench/hello), GET', hello);
row('abusedesk, GET of an API path (target ≤ 1.5×)', ours);
row('abusedesk, a valid report posted first (target ≤ 2×)', oursReport);
row('the same, every report judged valid at once, the authority module never started (bench/no-authority.mjs)', noAuthority);
console.log();
const ratio = (xs) => median(xs) / h;
console.log('| cold-start target | figure | met? |');
console.log('|---|---|---|');
console.log(`| a fresh Worker's first GET ≤ 1.5× the hello-world's | ${ms(median(ours))} against ${ms(h)}: ${ratio(ours).toFixed(2)}× | ${ratio(ours) <= 1.5 ? 'met' : 'missed'} |`);
console.log(`| a fresh Worker's first answer to a valid report ≤ 2× the hello-world's (issue 27) | ${ms(median(oursReport))} against ${ms(h)}: ${ratio(oursReport).toFixed(2)}× | ${ratio(oursReport) <= 2 ? 'met' : 'missed'} |`);
console.log();


// Where the time goes, in Node's V8: each start a process of its own, the two taking turns.
const phased = { hello: [], ours: [] };
for (let i = 0; i < runs; i++) {
  for (const name of ['hello', 'ours']) {
    // The last line: the module may have logged before it.
    const out = execFileSync(process.execPath, [here, '--phases', name], { encoding: 'utf8' });
    phased[name].push(JSON.parse(out.trim().split('\n').pop()));
  }
}
const med = (name, key) => median(phased[name].map((p) => p[key] ?? 0));
console.log('| where the time goes (Node %s, V8), median of %d fresh processes | compile | instantiate | Go package init | main to ready (with init) | first request | authority module, first report |', process.versions.node, runs);
console.log('|---|---|---|---|---|---|---|');
for (const name of ['hello', 'ours']) {
  console.log(`| ${name === 'hello' ? 'hello-world Go Worker' : 'abusedesk'} | ${ms(med(name, 'compile'))} | ${ms(med(name, 'instantiate'))} | ${ms(med(name, 'init'))} | ${ms(med(name, 'run'))} | ${ms(med(name, 'first'))} | ${name === 'ours' ? ms(med(name, 'validator')) : ''} |`);
}

// phases starts one module, hello-world or ours, as workerd would, timing each step.
async function phases(name) {
  globalThis.tryCatch = (fn) => { try { return { result: fn() }; } catch (e) { return { error: e }; } };
  await import(path.join(build, 'worker', 'wasm_exec.js'));
  // Node loads its fetch API and encoders on first touch, tens of milliseconds that
  // workerd, where they are built in, does not pay: touched before the clock starts.
  new TextDecoder().decode(new TextEncoder().encode('x'));
  await new Response('x', { headers: new Headers() }).arrayBuffer();
  void new ReadableStream();
  void new Request('http://x/', { method: 'POST', body: 'x' }).signal;
  void crypto.getRandomValues(new Uint8Array(1));
  globalThis.EmailMessage = class {};
  globalThis.abusedeskContent = new Uint8Array(readFileSync(path.join(build, 'worker', 'content.bin')));
  const env = { MAIL_FROM: 'abusedesk@example.com', MAIL_TO: 'abuse@example.com', EDITORS_TO: 'editors@example.com' };
  const compile = (file) => {
    const bytes = readFileSync(file);
    const t = performance.now();
    const module = new WebAssembly.Module(bytes);
    return { module, compile: performance.now() - t };
  };
  if (name === 'hello') {
    const { module, compile: c } = compile(path.join(build, 'bench-hello', 'app.wasm'));
    const binding = {};
    const p = await startGo(module, { env: {}, binding, ctx: { waitUntil() {}, passThroughOnException() {} } }, true);
    const t = performance.now();
    await binding.handleRequest(new Request('http://x/api/ready'));
    return { compile: c, ...p, first: performance.now() - t };
  }
  const { module, compile: c } = compile(path.join(build, 'worker', 'app.wasm'));
  const binding = {};
  const p = await startGo(module, { env, binding, get ctx() { throw new Error('no ctx'); } }, true);
  let t = performance.now();
  await binding.serveHTTP(new Request('http://x/api/ready'), env, {});
  const first = performance.now() - t;
  t = performance.now();
  const vb = {};
  await startGo(compile(path.join(build, 'worker', 'authority.wasm')).module, { binding: vb }, false);
  vb.validate('report', report);
  return { compile: c, ...p, first, validator: performance.now() - t };
}

// startGo instantiates module as entry.mjs does, timing each step; with trace, Go reports
// each package's initialisation on the console, which is summed.
async function startGo(module, context, trace) {
  const go = new Go();
  if (trace) go.env = { GODEBUG: 'inittrace=1' };
  let ready;
  const readyP = new Promise((r) => { ready = r; });
  let t = performance.now();
  const instance = new WebAssembly.Instance(module, { ...go.importObject, workers: { ready: () => ready() } });
  const instantiate = performance.now() - t;
  // wasm_exec.js prints Go's stdout and stderr alike with console.log.
  let init = 0;
  const log = console.log;
  console.log = (...args) => {
    const m = /^init \S+ @[\d.]+ ms, ([\d.]+) ms clock/.exec(String(args[0]));
    if (m) init += Number(m[1]); else log(...args);
  };
  t = performance.now();
  go.run(instance, context);
  await readyP;
  console.log = log;
  return { instantiate, init, run: performance.now() - t };
}
