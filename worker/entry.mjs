// The Worker's main module (wrangler.jsonc).
//
// Fetch events and queue batches all go to one Go instance, started on the first event and
// kept: the glue syumai/workers generates (../build/worker/worker.mjs, by `make worker`)
// starts a new Go instance for every event, tens of milliseconds each, and every report
// accepted makes a queue batch. Each fetch passes the request's own env (package
// worker/entry puts it in the request's Go context), so nothing of one request is kept
// where a concurrent one could see it. A batch is handed to
// the handler syumai's queues package registered on the instance's binding; it needs no
// ExecutionContext, and its bindings are the isolate's. Cron triggers, every few minutes,
// still go through syumai's glue, one instance per event: its cron package reads the
// event's ExecutionContext from the instance's global.
//
// The Go module sends mail as a raw MIME message with `new EmailMessage(from, to, raw)`, a
// class that only the `cloudflare:email` module exports and that Go cannot import; so it is
// put on globalThis here, where the Go module finds it, as is the prepared content, which
// every Go instance (the cron's too) reads.
import { EmailMessage } from "cloudflare:email";
import { connect } from "cloudflare:sockets";
import { env as isolateEnv } from "cloudflare:workers";
// Also loads syumai's wasm_exec.js (globalThis.Go, whose run takes the instance's context).
import perEvent from "../build/worker/worker.mjs";
import mod from "../build/worker/app.wasm";
import authorityMod from "../build/worker/authority.wasm";
// The content the Worker serves with, as `make worker` prepared it (bundle.Prepare): a Data
// module, part of the Worker itself, so a fresh isolate reads it without a request.
import content from "../build/worker/content.bin";
// The XARF v4 schemas and their licence, as `make worker` copied them from the xarf-spec
// tree (schemas/cmd/xarfpack): the authority module compiles them on the first machine
// reporter's report.
import xarfSchemas from "../build/worker/xarf.bin";

globalThis.EmailMessage = EmailMessage;
globalThis.abusedeskContent = new Uint8Array(content);

// The two Go modules, each a promise of its exports once started: the Worker, on the first
// event, and the authority on what a valid report is (worker/cmd/authority), on the first
// report or note to judge. The authority is a module of its own because its library takes longer to start than all of
// the Worker, and most events (pages, deadlines, the queue) never need it.
let instance;
let authority;

// startGo instantiates a Go module with the context its syscall/js code reads as
// globalThis.context, and resolves with the functions it exports on context.binding once
// it says it is ready. Should the module ever end (a fatal error in Go), forget is called,
// so the next event starts another.
function startGo(module, context, forget) {
  const go = new Go();
  let ready;
  const readyPromise = new Promise((resolve) => { ready = resolve; });
  const wasm = new WebAssembly.Instance(module, { ...go.importObject, workers: { ready: () => ready() } });
  const exited = go.run(wasm, context);
  const started = Promise.race([
    readyPromise.then(() => context.binding),
    exited.then(() => { throw new Error("the Go module exited before it was ready"); }),
  ]);
  const gone = () => forget(started);
  exited.then(gone, gone);
  started.catch(gone);
  return started;
}

function start() {
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
    binding: {},
  };
  return startGo(mod, context, (started) => { if (instance === started) instance = undefined; });
}

// abusedeskValidate judges a document (JSON) against the schema named schema, for the
// Worker's bindings.Authority; it answers the authority module's JSON.
globalThis.abusedeskValidate = async (schema, doc) => {
  authority ??= startGo(authorityMod, { binding: {}, xarf: new Uint8Array(xarfSchemas) }, (started) => { if (authority === started) authority = undefined; });
  const exports = await authority;
  return exports.validate(schema, doc);
};

// The reporter's status page, /<lang>/status/, reaches the Worker (wrangler.jsonc's
// run_worker_first, whose patterns see the path alone) so that Go answers it when it carries
// a reference or a token: a report's status. Bare, it is a static page, and the assets
// answer it here as they answer any other (its _headers, ETag, 304), with no Go started.
// bench/static.mjs, which serves the site as the edge does, tells the two apart alike.
const statusPage = /^\/[^/]+\/status\/$/;

function bareStatusPage(url) {
  return statusPage.test(url.pathname) && !url.searchParams.has("ref") && !url.searchParams.has("token");
}

async function fetch(request, env, ctx) {
  if (bareStatusPage(new URL(request.url))) return env.ASSETS.fetch(request);
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
