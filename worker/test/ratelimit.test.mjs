// Rate limits under wrangler dev: the rate-limiting bindings of wrangler.jsonc (10 posts a
// minute per address for reports, 10 for typo notes), which wrangler simulates, refuse the
// 11th post from one address with 429 and Retry-After, and count each address and each API
// on its own. Run by `make test`.
//
// Each test posts as an address of its own (CF-Connecting-IP, which wrangler dev passes on
// as the client sent it and Cloudflare sets itself), so the other suites, which post as
// 127.0.0.1, never share its count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { outcomes } from './outcomes.mjs';
import { startWorker } from './wrangler.mjs';

const LIMIT = 10; // wrangler.jsonc's ratelimits[].simple.limit
const PERIOD = 60; // and .period, in seconds

let worker;

before(async () => {
  worker = await startWorker();
});

after(async () => {
  await worker?.stop();
});

// The simulator counts in fixed windows that start on the minute (Date.now() / period): a
// run that started late in one would see its count reset half-way. Start in a fresh one.
async function freshWindow() {
  const left = PERIOD * 1000 - (Date.now() % (PERIOD * 1000));
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

function post(path, ip, body, headers = {}) {
  return fetch(worker.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, ...headers },
    body: JSON.stringify(body),
  });
}

for (const [path, ip, other] of [['/api/reports', '203.0.113.10', '203.0.113.11'], ['/api/typos', '2001:db8:7:7::1', '2001:db8:7:8::1']]) {
  test(`${path}: the ${LIMIT + 1}th post a minute from one address is refused with 429`, { timeout: 90_000 }, async () => {
    await freshWindow();
    // Empty documents: refused as invalid, so nothing is mailed, but counted.
    const invalid = path === '/api/typos' ? outcomes.TypoInvalid : outcomes.Invalid;
    for (let i = 1; i <= LIMIT; i++) {
      const res = await post(path, ip, {});
      assert.equal(res.status, invalid.status, `post ${i}`);
      await res.body?.cancel();
    }
    const refused = await post(path, ip, {}, { 'accept-language': 'ru,en;q=0.5' });
    const answer = await refused.json();
    assert.equal(refused.status, outcomes.RateLimited.status, JSON.stringify(answer));
    assert.equal(refused.headers.get('retry-after'), String(PERIOD));
    assert.deepEqual(answer, { error: outcomes.RateLimited.code, message: 'Слишком много запросов с вашего адреса. Подождите минуту и попробуйте ещё раз.' });

    const elsewhere = await post(path, other, {});
    assert.equal(elsewhere.status, invalid.status, 'another address shares the count');
    await elsewhere.body?.cancel();
  });
}

test('an IPv6 client counts by its /64', { timeout: 90_000 }, async () => {
  await freshWindow();
  for (let i = 1; i <= LIMIT; i++) {
    const res = await post('/api/reports', `2001:db8:9:9::${i.toString(16)}`, {});
    assert.equal(res.status, outcomes.Invalid.status, `post ${i}`);
    await res.body?.cancel();
  }
  const res = await post('/api/reports', '2001:db8:9:9:ffff::1', {});
  assert.equal(res.status, outcomes.RateLimited.status);
  await res.body?.cancel();
});
