// The site as Cloudflare's edge serves it: build/site as the Worker's static assets, with no
// Worker and no wrangler proxy in the way. make lighthouse measures the static pages through
// it, since under `wrangler dev` workerd and its proxy take the two cores from the browser
// being measured; test/static.test.mjs holds its answers to those of wrangler dev's asset
// server.
//
// What it does as the assets configuration in wrangler.jsonc does:
// - the headers of build/site/_headers (written by the generator from site/headers), by
//   Cloudflare's rules: every matching rule in file order, `! Name` removing, a header set
//   again appended;
// - html_handling "auto-trailing-slash" as far as this site needs it: /x/ is x/index.html,
//   and /x/index.html, /x/index and /x answer 307 to /x/; /x.html and /x/ answer 307 to /x
//   when x.html is the file;
// - not_found_handling "404-page": the nearest 404.html up the path, with status 404;
// - ETag and Cache-Control as the asset server sends them, 304 for a matching If-None-Match.
// And as the edge does: brotli or gzip as Accept-Encoding asks, brotli first (workerd under
// wrangler dev takes the first listed, gzip for Chromium), for the content types Cloudflare
// compresses, from bytes compressed once at start-up.
//
//   const site = await startStatic('../build/site');  // site.url, await site.stop()
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

import { experimental_readRawConfig as readRawConfig } from 'wrangler';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

// As wrangler names them for the assets it uploads (test/static.test.mjs compares). A file of
// another kind stops the server at start-up rather than be served under a guessed type.
const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.ico': 'image/vnd.microsoft.icon',
  // What the site generator prepares for the Worker (_worker/), which the public never gets.
  '.json': 'application/json',
};
// Of Cloudflare's list of the content types it compresses, those above.
const compressible = /^(text\/|application\/(wasm|xml)$)/;
// Files that configure the assets and are not served.
const configFiles = new Set(['/_headers', '/_redirects', '/.assetsignore']);
const cacheControl = 'public, max-age=0, must-revalidate';

const wranglerConfig = fileURLToPath(new URL('../wrangler.jsonc', import.meta.url));
const workerFirst = (() => {
  const patterns = readRawConfig({ config: wranglerConfig }).rawConfig.assets?.run_worker_first ?? [];
  const glob = (p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[-/\\^$+?.()|[\]{}]/g, '\\$&')).join('.*')}$`);
  return {
    include: patterns.filter((p) => !p.startsWith('!')).map(glob),
    exclude: patterns.filter((p) => p.startsWith('!')).map((p) => glob(p.slice(1))),
  };
})();

// The reporter's status page: run_worker_first takes it to the Worker, whose entry.mjs hands
// it back to the assets when it carries neither a reference nor a token (the bare page).
const statusPage = /^\/[^/]+\/status\/$/;

/**
 * Whether the Worker answers pathname (with the query search) before the static assets
 * (wrangler.jsonc's assets.run_worker_first, but the bare status page, which entry.mjs
 * hands to the assets): such a path is measured under wrangler dev, not here.
 */
export function answeredByWorker(pathname, search = '') {
  if (statusPage.test(pathname)) {
    const q = new URLSearchParams(search);
    if (!q.has('ref') && !q.has('token')) return false;
  }
  return workerFirst.include.some((re) => re.test(pathname)) && !workerFirst.exclude.some((re) => re.test(pathname));
}

/**
 * Serves root on 127.0.0.1 (a free port unless one is given) until stop().
 * @param {string} root the built site (build/site)
 * @param {{port?: number}} [options]
 * @returns {Promise<{url: string, stop: () => Promise<void>}>}
 */
export async function startStatic(root, { port = 0 } = {}) {
  const files = await load(root);
  const rules = parseHeaders(files.get('/_headers')?.bytes.toString('utf8') ?? '');
  const server = http.createServer((req, res) => {
    const answer = resolve(files, req);
    const headers = new Headers(answer.headers);
    applyRules(rules, decodePath(new URL(req.url, 'http://x').pathname), headers);
    let body = answer.file?.bytes;
    if (answer.file && compressible.test(answer.file.type) && answer.status !== 304) {
      const encoding = chooseEncoding(req.headers['accept-encoding'] ?? '');
      if (encoding) {
        body = answer.file[encoding];
        headers.set('content-encoding', encoding);
      }
    }
    if (answer.status === 304 || req.method === 'HEAD') body = undefined;
    if (body) headers.set('content-length', String(body.length));
    res.writeHead(answer.status, Object.fromEntries(headers));
    res.end(body);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

// load reads every file under root into memory, with its ETag and its compressed forms.
async function load(root) {
  const files = new Map();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  await Promise.all(entries.filter((e) => e.isFile()).map(async (e) => {
    const full = path.join(e.parentPath, e.name);
    const urlPath = '/' + path.relative(root, full).split(path.sep).join('/');
    const bytes = await readFile(full);
    if (configFiles.has(urlPath)) {
      files.set(urlPath, { bytes });
      return;
    }
    const type = contentTypes[path.extname(e.name).toLowerCase()];
    if (!type) throw new Error(`${full}: no content type known for ${path.extname(e.name) || 'a file without extension'}; add it as wrangler names it`);
    const file = { bytes, type, etag: `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"` };
    if (compressible.test(type)) {
      [file.br, file.gzip] = await Promise.all([
        brotli(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
        gzip(bytes, { level: 9 }),
      ]);
    }
    files.set(urlPath, file);
  }));
  return files;
}

// resolve decides the answer to req: a file with 200 or 404, a 307, a 304, or a 405.
function resolve(files, req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, headers: {} };
  const url = new URL(req.url, 'http://x');
  const pathname = decodePath(url.pathname);
  const redirect = (to) => ({ status: 307, headers: { location: encodePath(to) + url.search } });
  const intent = htmlHandling(pathname, (p) => !configFiles.has(p) && files.has(p));
  if (!intent) return { status: 404, headers: {} };
  if (intent.redirect !== undefined) return redirect(intent.redirect);
  // A path that names a file only once decoded and cleaned (//, %-escapes) is sent to its
  // clean form first.
  if (encodePath(pathname) !== url.pathname) return redirect(pathname);
  const file = files.get(intent.file);
  const headers = { etag: file.etag, 'content-type': file.type, 'cache-control': cacheControl };
  const match = (req.headers['if-none-match'] ?? '').trim();
  if (match === file.etag || match === `W/${file.etag}`) return { status: 304, headers };
  return { status: intent.status, headers, file };
}

// htmlHandling is "auto-trailing-slash" and "404-page" for a site of directories with an
// index.html and of plain files: {file, status}, {redirect} or null.
function htmlHandling(pathname, has) {
  if (pathname.endsWith('/index.html') && has(pathname)) return { redirect: pathname.slice(0, -'index.html'.length) };
  if (pathname.endsWith('/index') && has(`${pathname}.html`)) return { redirect: pathname.slice(0, -'index'.length) };
  if (pathname.endsWith('/')) {
    if (has(`${pathname}index.html`)) return { file: `${pathname}index.html`, status: 200 };
    if (pathname !== '/' && has(`${pathname.slice(0, -1)}.html`)) return { redirect: pathname.slice(0, -1) };
  } else if (pathname.endsWith('.html') && has(pathname)) {
    return { redirect: pathname.slice(0, -'.html'.length) };
  } else if (has(pathname)) {
    return { file: pathname, status: 200 };
  } else if (has(`${pathname}.html`)) {
    return { file: `${pathname}.html`, status: 200 };
  } else if (has(`${pathname}/index.html`)) {
    return { redirect: `${pathname}/` };
  }
  for (let dir = pathname; dir; ) {
    dir = dir.slice(0, dir.lastIndexOf('/'));
    if (has(`${dir}/404.html`)) return { file: `${dir}/404.html`, status: 404 };
  }
  return null;
}

// parseHeaders reads a _headers file: a URL pattern at the start of a line (`*` any
// characters, `:name` one path segment), then its indented `Name: value` lines, or
// `! Name` to remove a header. Rules for other hosts (https://…) are refused rather than
// ignored, so this server never silently differs from the edge.
export function parseHeaders(text) {
  const rules = [];
  let rule = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const where = `_headers:${i + 1}`;
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    if (!/^\s/.test(line)) {
      if (/^[a-z]+:\/\//i.test(line)) throw new Error(`${where}: a rule for another host; this server knows one`);
      rule = { pattern: pattern(line.trim()), set: [], unset: [] };
      rules.push(rule);
      return;
    }
    if (!rule) throw new Error(`${where}: a header before any URL pattern`);
    const entry = line.trim();
    if (entry.startsWith('!')) {
      rule.unset.push(entry.slice(1).trim());
      return;
    }
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new Error(`${where}: not "Name: value": ${entry}`);
    rule.set.push([entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()]);
  });
  return rules;
}

function pattern(source) {
  const escape = (s) => s.replace(/[-/\\^$+?.()|[\]{}]/g, '\\$&');
  const body = source.split('*').map((part) => escape(part).replace(/:([A-Za-z]\w*)/g, '(?<$1>[^/]+)')).join('(?<splat>.*)');
  return new RegExp(`^${body}$`);
}

function applyRules(rules, pathname, headers) {
  const set = new Set();
  for (const rule of rules) {
    const match = rule.pattern.exec(pathname);
    if (!match) continue;
    for (const name of rule.unset) headers.delete(name);
    for (const [name, value] of rule.set) {
      const filled = value.replace(/:([A-Za-z]\w*)/g, (all, key) => match.groups?.[key] ?? all);
      if (set.has(name.toLowerCase())) headers.append(name, filled);
      else headers.set(name, filled);
      set.add(name.toLowerCase());
    }
  }
}

// chooseEncoding picks br, else gzip, from an Accept-Encoding value; null for neither.
function chooseEncoding(accept) {
  const q = new Map();
  for (const part of accept.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const accepts = (name) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return null;
}

function decodePath(pathname) {
  return pathname.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  }).join('/').replace(/\/+/g, '/');
}

function encodePath(pathname) {
  return pathname.split('/').map(encodeURIComponent).join('/');
}
