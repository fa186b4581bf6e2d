// The Worker's main module (wrangler.jsonc).
//
// Fetch events and queue batches all go to one Go instance, started on the first event and
// kept: the glue syumai/workers generates (../build/worker/worker.mjs, by `make worker`)
// starts a new Go instance for every event, tens of milliseconds each, and every report
// accepted makes a queue batch. Each fetch passes the request's own env (package
// worker/workerd puts it in the request's Go context), so nothing of one request is kept
// where a concurrent one could see it. A batch is handed to
// the handler syumai's queues package registered on the instance's binding; it needs no
// ExecutionContext, and its bindings are the isolate's. Cron triggers, every few minutes,
// still go through syumai's glue, one instance per event: its cron package reads the
// event's ExecutionContext from the instance's global.
//
// The Go module sends mail as a raw MIME message with `new EmailMessage(from, to, raw)`, a
// class that only the `cloudflare:email` module exports and that Go cannot import; so it is
// put on globalThis here, where the Go module finds it.
import { EmailMessage } from "cloudflare:email";
import { connect } from "cloudflare:sockets";
import { env as isolateEnv } from "cloudflare:workers";
// Also loads syumai's wasm_exec.js (globalThis.Go, whose run takes the instance's context).
import perEvent from "../build/worker/worker.mjs";
import mod from "../build/worker/app.wasm";

globalThis.EmailMessage = EmailMessage;

let instance; // a promise of the kept instance's exports, once the first request came

function start() {
  const binding = {};
  // What syumai's packages read as the instance's global context. env is the isolate's
  // (the same bindings every request gets), for code that reads it outside a request, such
  // as the Worker's variables when the handler is built. There is no global ctx: an
  // ExecutionContext belongs to one request.
  const context = {
    env: isolateEnv,
    get ctx() {
      throw new Error("no ExecutionContext outside a request");
    },
    connect,
    binding,
  };
  const go = new Go();
  let ready;
  const readyPromise = new Promise((resolve) => { ready = resolve; });
  const wasm = new WebAssembly.Instance(mod, { ...go.importObject, workers: { ready: () => ready() } });
  const exited = go.run(wasm, context);
  const started = Promise.race([
    readyPromise.then(() => binding),
    exited.then(() => { throw new Error("the Go module exited before it was ready"); }),
  ]);
  // Should the instance ever end (a fatal error in Go), the next request starts a new one.
  const forget = () => { if (instance === started) instance = undefined; };
  exited.then(forget, forget);
  started.catch(forget);
  return started;
}

async function fetch(request, env, ctx) {
  instance ??= start();
  const exports = await instance;
  return exports.serveHTTP(request, env, ctx);
}

async function queue(batch) {
  instance ??= start();
  const exports = await instance;
  return exports.handleQueueMessageBatch(batch);
}

export default {
  fetch,
  queue,
  scheduled: perEvent.scheduled,
};
