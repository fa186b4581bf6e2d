// Cloudflare Turnstile switched on, offline, under wrangler dev: the site built with
// Cloudflare's documented always-passing test site key, the Worker given the matching test
// secret, and a stand-in for siteverify (TURNSTILE_VERIFY_URL, a test-only variable that
// only the Worker built with the fault injection reads: package worker/faults) that
// answers as Cloudflare documents for those keys and its dummy token. In Chromium,
// Turnstile's script is a stand-in too, served at Cloudflare's address, so the page's CSP
// is what lets it run. Nothing here reaches Cloudflare. Run by `make test` (after
// `make build worker-faults`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { experimental_readRawConfig as readRawConfig } from 'wrangler';

import { launchChromium, reviewAndSend, startModule, waitForReceipt } from './browser.mjs';
import { outcomes } from './outcomes.mjs';
import { startWorker } from './wrangler.mjs';

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(workerDir, '..');

// Cloudflare's test keys and dummy token (its Turnstile testing documentation), as data.
const SITE_KEY = '1x00000000000000000000AA';
const SECRET = '1x0000000000000000000000000000000AA';
const DUMMY_TOKEN = 'XXXX.DUMMY.TOKEN.XXXX';
const CHALLENGES = 'https://challenges.cloudflare.com';
const LANGS = ['uk', 'ru', 'en'];

const report = {
  full_name: 'Olena Koval',
  email: 'olena.koval@example.org',
  requester: 'person',
  category: 'phishing',
  resource: 'bank.example.net',
  message: 'A phishing page.',
  evidence_urls: 'https://bank.example.net/login',
  declaration: 'yes',
};

// siteverify stands in for Cloudflare's: the test secret passes the dummy token as issued
// on the report form of this host; "other-host." and "other-action." tokens as issued on
// another site or widget; "slow." ones are answered after the Worker stops waiting.
const verified = [];
const siteverify = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    const form = new URLSearchParams(body);
    verified.push(Object.fromEntries(form));
    const token = form.get('response') ?? '';
    let answer = { success: false, 'error-codes': ['invalid-input-response'] };
    if (form.get('secret') !== SECRET) answer = { success: false, 'error-codes': ['invalid-input-secret'] };
    else if (token === DUMMY_TOKEN || token.startsWith('slow.')) answer = { success: true, hostname: '127.0.0.1', action: 'report', 'error-codes': [] };
    else if (token.startsWith('other-host.')) answer = { success: true, hostname: 'evil.example', action: 'report', 'error-codes': [] };
    else if (token.startsWith('other-action.')) answer = { success: true, hostname: '127.0.0.1', action: 'login', 'error-codes': [] };
    const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    if (token.startsWith('slow.')) setTimeout(send, 8000);
    else send();
  });
});

// The site as make builds it, but with the site key; the Worker's configuration with its
// assets there (beside wrangler.jsonc, whose paths are relative to it).
const config = 'turnstile-test.wrangler.json';
let tmp;
let worker;
let browser;
before(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'abusedesk-turnstile-'));
  const site = path.join(tmp, 'site');
  const built = spawnSync('go', ['run', './site/cmd/sitegen', '-o', site, '-turnstile-site-key', SITE_KEY], { cwd: repo, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  for (const file of ['form.wasm', 'wasm_exec.js', 'form.js']) {
    await copyFile(path.join(repo, 'build', 'site', 'assets', file), path.join(site, 'assets', file));
  }
  const { rawConfig } = readRawConfig({ config: path.join(workerDir, 'wrangler.jsonc') });
  await writeFile(path.join(workerDir, config), JSON.stringify({ ...rawConfig, assets: { ...rawConfig.assets, directory: site } }));
  await new Promise((resolve) => siteverify.listen(0, '127.0.0.1', resolve));
  worker = await startWorker({
    config,
    faults: true,
    vars: { TURNSTILE_SECRET: SECRET, TURNSTILE_VERIFY_URL: `http://127.0.0.1:${siteverify.address().port}/siteverify` },
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await worker?.stop();
  siteverify.close();
  await rm(path.join(workerDir, config), { force: true });
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// csp reads a Content-Security-Policy into its directives' sources.
function csp(value) {
  return Object.fromEntries(value.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

test('the form shows the widget in each language, and the CSP admits Cloudflare\'s challenge origin and nothing more', async () => {
  for (const lang of LANGS) {
    const res = await fetch(`${worker.url}/${lang}/report/`);
    const page = await res.text();
    assert.match(page, new RegExp(`<div class="cf-turnstile" data-sitekey="${SITE_KEY}" data-action="report" data-language="${lang}" data-response-field-name="cf-turnstile-response"></div>`), lang);
    assert.ok(page.includes(`<script src="${CHALLENGES}/turnstile/v0/api.js" async defer></script>`), lang);
    assert.match(page, /<noscript><p class="hint">[^<]{20,}<\/p><\/noscript>/, lang);
  }
  // The static pages, and what the Worker answers itself.
  for (const [where, res] of [['a static page', await fetch(`${worker.url}/en/report/`)], ['the Worker', await fetch(`${worker.url}/`)]]) {
    await res.arrayBuffer();
    const policy = csp(res.headers.get('content-security-policy') ?? '');
    assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'", CHALLENGES], where);
    assert.deepEqual(policy['frame-src'], [CHALLENGES], where);
    for (const [name, sources] of Object.entries(policy)) {
      if (name === 'script-src' || name === 'frame-src') continue;
      assert.ok(sources.every((s) => s.startsWith("'")), `${where}: ${name} ${sources}`);
    }
  }
});

// post sends the report as JSON with a Turnstile token, from an address of its own.
let client = 0;
async function post(token, extra = {}) {
  client++;
  const res = await fetch(`${worker.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': `198.51.100.${client}` },
    body: JSON.stringify({ ...report, lang: 'en', ...(token ? { 'cf-turnstile-response': token } : {}), ...extra }),
  });
  return { status: res.status, answer: await res.json() };
}

test('a report needs a token Cloudflare issued on this form, checked with the secret and the client\'s address', { timeout: 60_000 }, async () => {
  for (const token of [undefined, 'forged', `other-host.${DUMMY_TOKEN}`, `other-action.${DUMMY_TOKEN}`]) {
    const { status, answer } = await post(token);
    assert.equal(status, outcomes.NotHuman.status, `${token}: ${JSON.stringify(answer)}\n${worker.log().split('\n').filter((l) => /turnstile/i.test(l)).slice(-3).join('\n')}`);
    assert.equal(answer.error, outcomes.NotHuman.code, token);
  }
  verified.length = 0;
  const { status, answer } = await post(DUMMY_TOKEN);
  assert.equal(status, outcomes.Accepted.status, JSON.stringify(answer));
  assert.deepEqual(verified, [{ secret: SECRET, response: DUMMY_TOKEN, remoteip: `198.51.100.${client}` }]);
  await worker.mailbox.waitFor((m) => m.subject.includes(answer.reference));
  // Cloudflare not answering in time lets the report through (logged): losing a report
  // to an outage is worse than a robot.
  const started = Date.now();
  const slow = await post(`slow.${DUMMY_TOKEN}`);
  assert.equal(slow.status, outcomes.Accepted.status, JSON.stringify(slow.answer));
  assert.ok(Date.now() - started < 7500, `waited ${Date.now() - started} ms for siteverify`);
});

test('without JavaScript the page says the check needs it, and a form that fails the check comes back with everything typed, in each language', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    for (const lang of LANGS) {
      const page = await context.newPage();
      await page.goto(`${worker.url}/${lang}/report/`);
      assert.ok((await page.textContent('#field-cf-turnstile-response')).includes('JavaScript'), lang);
      await page.selectOption('#requester', 'person');
      await page.selectOption('#category', report.category);
      await page.fill('#full_name', report.full_name);
      await page.fill('#resource', 'service.example.net');
      await page.fill('#email', report.email);
      await page.fill('#message', report.message);
      await page.fill('#evidence_urls', report.evidence_urls);
      await page.check('#declaration');
      const [res] = await Promise.all([page.waitForNavigation(), page.click('#submit')]);
      assert.equal(res.status(), outcomes.NotHuman.status, lang);
      assert.equal(await page.inputValue('#full_name'), report.full_name, lang);
      assert.equal(await page.inputValue('#message'), report.message, lang);
      assert.equal(await page.isVisible('#cf-turnstile-response-error'), true, lang);
      assert.ok((await page.textContent('#cf-turnstile-response-error')).length > 20, lang);
      assert.equal(await page.getAttribute('.cf-turnstile', 'data-language'), lang);
      await page.close();
    }
  } finally {
    await context.close();
  }
});

// The stand-in for Turnstile's script: it renders the widget as a frame from Cloudflare's
// origin and puts the dummy token in the form, as the real one does once solved; reset
// issues it again.
const fakeAPI = `(() => {
  function render(el) {
    el.replaceChildren();
    const frame = document.createElement('iframe');
    frame.src = '${CHALLENGES}/cdn-cgi/challenge-platform/widget';
    frame.title = 'Turnstile';
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = el.dataset.responseFieldName || 'cf-turnstile-response';
    input.value = '${DUMMY_TOKEN}';
    el.append(frame, input);
    window.turnstileRenders = (window.turnstileRenders || 0) + 1;
  }
  window.turnstile = { reset() { document.querySelectorAll('.cf-turnstile').forEach(render); } };
  document.querySelectorAll('.cf-turnstile').forEach(render);
})();`;

test('with JavaScript the widget runs under the CSP and the module sends its token, in each language', { timeout: 120_000 }, async () => {
  for (const lang of LANGS) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); });
    await page.route(`${CHALLENGES}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/turnstile/v0/api.js') return route.fulfill({ contentType: 'text/javascript', body: fakeAPI });
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>widget</title>' });
    });
    try {
      await page.goto(`${worker.url}/${lang}/report/`, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => document.querySelector('input[name="cf-turnstile-response"]')?.value, null, { timeout: 10000 });
      await startModule(page);
      await page.selectOption('#requester', 'person');
      await page.selectOption('#category', report.category);
      await page.fill('#full_name', report.full_name);
      await page.fill('#resource', 'service.example.net');
      await page.fill('#email', report.email);
      await page.fill('#message', `${report.message} (${lang})`);
      await page.fill('#evidence_urls', report.evidence_urls);
      await reviewAndSend(page);
      await waitForReceipt(page);
      const ref = /AD-\d{8}-[0-9A-Z]{6}/.exec(await page.textContent('#receipt'))?.[0];
      assert.ok(ref, lang);
      await worker.mailbox.waitFor((m) => m.subject.includes(ref));
      assert.deepEqual(refused, [], `${lang}: the CSP refused something`);
    } finally {
      await context.close();
    }
  }
});

test('make check refuses a Turnstile secret without the site key, and a secret in wrangler.jsonc', async () => {
  const devVars = path.join(tmp, 'dev.vars');
  await writeFile(devVars, `TURNSTILE_SECRET=${SECRET}\n`);
  const check = (...vars) => spawnSync('make', ['-s', '-C', repo, 'turnstile-config', `DEV_VARS=${devVars}`, ...vars], { encoding: 'utf8' });
  const without = check('TURNSTILE_SITE_KEY=');
  assert.notEqual(without.status, 0, 'a secret without a site key passed');
  assert.match(without.stderr, /TURNSTILE_SITE_KEY is empty/);
  assert.equal(check(`TURNSTILE_SITE_KEY=${SITE_KEY}`).status, 0);
  await writeFile(devVars, '');
  assert.equal(check('TURNSTILE_SITE_KEY=').status, 0, 'nothing set is refused');
});
