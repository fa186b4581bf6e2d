// For the benches only: the Worker's bindings kept in memory, as JavaScript objects with the
// part of each Worker API that package worker/bindings calls. cpu.mjs runs the Worker in
// Node's V8 with them; in-memory.mjs and per-request-in-memory.mjs hand them to it under
// `wrangler dev` in place of miniflare's simulators of R2, the queue, the mailboxes and the
// rate limits, which run in the same workerd process and, since wrangler 4.164, cost more
// CPU than the Worker (README: Performance). Deployed, none of them runs in the Worker's
// isolate; here each call is a Map or array operation in it, small beside the Worker's work.

// bucket is R2's Worker API over a Map, its keys also kept sorted, so that a listing costs
// a search and the page, not a sort.
export function bucket() {
  const objects = new Map();
  const sorted = [];
  const at = (key) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const object = (key, o) => ({
    key, size: o.data.byteLength, uploaded: o.uploaded, customMetadata: { ...o.meta },
    arrayBuffer: async () => o.data.buffer.slice(o.data.byteOffset, o.data.byteOffset + o.data.byteLength),
    get body() { return new Response(o.data).body; },
  });
  return {
    async put(key, value, options = {}) {
      if (options.onlyIf && objects.has(key)) return null;
      if (!objects.has(key)) sorted.splice(at(key), 0, key);
      const data = value == null ? new Uint8Array() : new Uint8Array(value);
      const o = { data, meta: options.customMetadata ?? {}, uploaded: new Date() };
      objects.set(key, o);
      return object(key, o);
    },
    async get(key) { const o = objects.get(key); return o ? object(key, o) : null; },
    async head(key) { const o = objects.get(key); return o ? object(key, o) : null; },
    async delete(keys) {
      for (const k of [keys].flat()) if (objects.delete(k)) sorted.splice(at(k), 1);
    },
    async list({ prefix = '', cursor, limit = 1000 } = {}) {
      const start = cursor ? at(cursor) : at(prefix);
      const page = [];
      let i = start;
      for (; i < sorted.length && page.length < limit && sorted[i].startsWith(prefix); i++) {
        if (cursor && sorted[i] === cursor) continue;
        page.push(object(sorted[i], objects.get(sorted[i])));
      }
      const truncated = i < sorted.length && sorted[i].startsWith(prefix);
      return { objects: page, truncated, cursor: truncated ? page[page.length - 1].key : undefined, delimitedPrefixes: [] };
    },
  };
}

// bindings are the Worker's bindings in memory: R2 in a bucket(), the queue's messages in
// queued, the mailboxes' messages in mailed, and rate limits that always allow (the benches
// post each report from an address of its own). Its variables are not among them.
export function bindings() {
  const queued = [];
  const mailed = [];
  const allow = { limit: async () => ({ success: true }) };
  const mailbox = { send: async (m) => { mailed.push(m); } };
  const env = {
    REPORTS: bucket(),
    DELIVERIES: { send: async (body) => { queued.push(body); } },
    REPORT_LIMIT: allow, TYPO_LIMIT: allow, STATUS_LIMIT: allow, XARF_LIMIT: allow,
    MAILBOX: mailbox, EDITORS: mailbox, CONFIRMATIONS: mailbox,
  };
  return { env, queued, mailed };
}

// inMemory wraps a Worker's default export so that each request sees the bindings in
// memory instead of the configured ones, and the configured variables. Only fetch: a
// queue batch or a cron event would reach the configured bindings through the isolate's
// env, which the benches never use.
export function inMemory(worker) {
  const { env } = bindings();
  return { fetch: (request, configured, ctx) => worker.fetch(request, { ...configured, ...env }, ctx) };
}
