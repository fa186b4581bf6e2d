// make lighthouse measures the static pages through bench/static.mjs, the site as the edge
// serves it, not through wrangler dev. That is only fair while the two answer alike: here,
// for every file of build/site and for the paths around them (with and without a slash,
// index.html, a cleaned path, pages that do not exist), both give the same status, Location,
// headers (those of _headers, Content-Type, Cache-Control, an ETag) and the same bytes once
// decoded; the Content-Encoding may differ (workerd takes the first that Chromium lists,
// gzip; the edge and bench/static.mjs prefer brotli).
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import { answeredByWorker, startStatic } from '../bench/static.mjs';
import { startWorker } from './wrangler.mjs';

const site = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build/site');
const chromium = 'gzip, deflate, br, zstd';
// Headers of the connection, the moment, the cache in front, or the encoding chosen.
const unlike = new Set(['date', 'etag', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'cf-cache-status']);

let worker;
let statics;
before(async () => {
  worker = await startWorker();
  statics = await startStatic(site);
});
after(async () => {
  await statics?.stop();
  await worker?.stop();
});

// get asks url for a path with the given request headers and reads the answer whole,
// decoded as its Content-Encoding says.
function get(base, pathname, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(base + pathname, { headers: { 'accept-encoding': chromium, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decoded = raw.length === 0 ? raw
          : encoding === 'br' ? zlib.brotliDecompressSync(raw)
          : encoding === 'gzip' ? zlib.gunzipSync(raw)
          : raw;
        resolve({ status: res.statusCode, headers: res.headers, encoding, body: decoded });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

function comparable(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !unlike.has(name)).sort());
}

async function paths() {
  const files = (await readdir(site, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => '/' + path.relative(site, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  const dirs = files.filter((f) => f.endsWith('/index.html')).map((f) => f.slice(0, -'index.html'.length));
  const around = dirs.filter((d) => d !== '/').flatMap((d) => [d.slice(0, -1), `${d}index`]);
  const odd = ['/en/policy/?x=1', '/en/status/?x=1', '/en//policy/', '/assets/', '/assets', '/en/nope', '/en/expect/nope/deeper',
    '/%D1%84', '/404/', '/en/404', '/sitemap', '/robots.txt', '/assets/nope.js'];
  return [...new Set([...files, ...dirs, ...around, ...odd])].filter((p) => {
    const [pathname, search = ''] = p.split('?');
    return !answeredByWorker(pathname, search);
  });
}

test('bench/static.mjs answers every path of the site as wrangler dev\'s asset server does', { timeout: 60_000 }, async () => {
  const all = await paths();
  assert.ok(all.length > 60, `only ${all.length} paths`);
  // The bare status page reaches the Worker (run_worker_first), whose entry.mjs hands it to
  // the assets: it must still answer as a static page does.
  for (const lang of ['uk', 'ru', 'en']) assert.ok(all.includes(`/${lang}/status/`), `/${lang}/status/ is not compared`);
  const kinds = new Set();
  for (const p of all) {
    const [want, got] = await Promise.all([get(worker.url, p), get(statics.url, p)]);
    kinds.add(want.status);
    assert.equal(got.status, want.status, `${p}: status`);
    assert.deepEqual(comparable(got.headers), comparable(want.headers), `${p}: headers`);
    assert.equal('etag' in got.headers, 'etag' in want.headers, `${p}: an ETag`);
    if (want.status !== 307) assert.ok(got.body.equals(want.body), `${p}: the bytes differ`);
  }
  // Pages, redirects and the not-found page were all among them.
  assert.deepEqual([...kinds].sort(), [200, 307, 404]);
});

test('bench/static.mjs compresses as the edge does: brotli first, else gzip, and the same bytes decoded', async () => {
  for (const p of ['/en/policy/', '/assets/app.css', '/assets/typo.js', '/en/nope']) {
    const plain = await get(statics.url, p, { 'accept-encoding': 'identity' });
    assert.equal(plain.encoding, undefined, p);
    for (const [accept, encoding] of [[chromium, 'br'], ['gzip', 'gzip'], ['br;q=0, gzip', 'gzip'], ['br', 'br']]) {
      const res = await get(statics.url, p, { 'accept-encoding': accept });
      assert.equal(res.encoding, encoding, `${p} with ${accept}`);
      assert.ok(res.body.equals(plain.body), `${p} with ${accept}: the bytes differ`);
    }
  }
});

test('bench/static.mjs answers 304 to its ETag, as the asset server does to its own', async () => {
  for (const base of [worker.url, statics.url]) {
    const first = await get(base, '/uk/report/');
    assert.equal(first.status, 200);
    const again = await get(base, '/uk/report/', { 'if-none-match': first.headers.etag });
    assert.equal(again.status, 304, base);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers['content-type'], 'text/html; charset=utf-8');
  }
});
