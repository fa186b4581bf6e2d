// A harness for node:test suites: it runs the built Worker under `wrangler dev` (workerd,
// offline) and reads the mail its send_email binding "sends" back from the .eml files the
// local simulator writes.
//
//   const worker = await startWorker();   // needs `make build` first
//   const flaky = await startWorker({ faults: true, vars: { MAILBOX_FAILURE_RATE: "0.5" } });
//                                         // needs `make worker-faults` too
//   const res = await fetch(worker.url + "/api/reports", …);
//   const mail = await worker.mailbox.waitFor((m) => m.subject.includes(ref));
//   await worker.stop();

import { execFile, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { outcomes } from "./outcomes.mjs";

const workerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildDir = path.resolve(workerDir, "..", "build");
// The package's own command (its "bin"), which checks the Node version before it starts.
const wranglerBin = path.join(workerDir, "node_modules", "wrangler", "bin", "wrangler.js");
const startTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;
// The main module of the Worker built with the fault injection (make worker-faults), from
// worker/.
const faultsScript = path.join("..", "build", "worker-faults", "entry.mjs");
// The variables only that build reads (worker/faults' Vars, held to this list by its
// tests): the production build ignores them, so a test that sets one without faults would
// run with no fault switched on.
const faultVars = ["MAILBOX_FAILURE_RATE", "MAILBOX_REFUSE", "CLOCK_OFFSET", "SWEEP_AFTER", "TURNSTILE_VERIFY_URL"];

// LINK_SECRET is the secret every test Worker signs its reports' private links with, unless
// a test's vars set another (or "" for none), so a test can make a link of its own.
export const LINK_SECRET = "the test Workers' link secret, 48 bytes long....";

// statusToken is the status token of ref as package worker/links makes it: HMAC-SHA256
// under the link secret of each part written with its length, the first 16 bytes in
// base64url.
export function statusToken(ref, secret = LINK_SECRET) {
  const h = createHmac("sha256", secret);
  for (const part of ["status", ref]) h.update(`${Buffer.byteLength(part)}:${part}`);
  return h.digest().subarray(0, 16).toString("base64url");
}

/**
 * Makes a machine reporter's key with the operator's command (worker/cmd/reporterkey,
 * writing its record into dir) and puts the record into the bucket a Worker started with
 * persistTo: persist runs on; revoked, the record the command's -revoke writes. Resolves
 * with the key.
 */
export async function makeKey(dir, persist, name, categories = "", revoked = false) {
  const run = promisify(execFile);
  const repo = path.resolve(workerDir, "..");
  const { stdout } = await run("go", ["run", "./worker/cmd/reporterkey", "-name", name, "-categories", categories, "-dir", dir], { cwd: repo });
  const key = stdout.trim();
  const id = key.split("_")[1];
  let file = path.join(dir, `${id}.json`);
  if (revoked) {
    const child = run("go", ["run", "./worker/cmd/reporterkey", "-revoke"], { cwd: repo });
    child.child.stdin.end(await readFile(file));
    file = path.join(dir, `${id}.revoked.json`);
    await writeFile(file, (await child).stdout);
  }
  const wrangler = path.join(workerDir, "node_modules", "wrangler", "bin", "wrangler.js");
  await run(process.execPath, [wrangler, "r2", "object", "put", `abusedesk-reports/reporters/${id}.json`, "--file", file,
    "--content-type", "application/json", "--local", "--persist-to", persist], { cwd: workerDir, env: { ...process.env, NO_COLOR: "1" } });
  return key;
}

/**
 * Starts the Worker on a free local port. It resolves once the Go module answers.
 * @param {{vars?: Record<string, string>, faults?: boolean, script?: string, config?: string, persistTo?: string, testScheduled?: boolean, untouched?: boolean, broken?: boolean}} [options]
 *   vars override wrangler.jsonc's; faults runs the Worker built with the fault injection
 *   (build/worker-faults), which alone reads the test-only variables (faultVars), instead
 *   of the one deployed; script, a path from worker/, replaces its main module
 *   (make bench runs syumai's own glue this way); config, a path from worker/, replaces
 *   wrangler.jsonc itself; persistTo keeps R2 (and the rest of the
 *   local state) in a folder that outlives this run, for a restart; testScheduled opens
 *   /__scheduled, which runs the cron trigger; untouched resolves as soon as wrangler says
 *   it is ready, before any request reaches the Worker (make bench's cold start); broken
 *   says the Worker is configured to fail to start, so it is ready when the Go module
 *   answers its 500
 * @returns {Promise<{url: string, mailbox: Mailbox, confirmations: Mailbox, stop: () => Promise<void>, log: () => string}>}
 *   mailbox holds what the Worker mails its desks (the abuse mailbox, the editors'),
 *   confirmations what it mails reporters (the CONFIRMATIONS binding's: confirmations of
 *   receipt and decision notices)
 */
export async function startWorker({ faults = false, ...options } = {}) {
  const knobs = Object.keys(options.vars ?? {}).filter((name) => faultVars.includes(name));
  if (knobs.length > 0 && !faults) {
    throw new Error(`${knobs.join(", ")}: read only by the Worker built with the fault injection; startWorker({ faults: true, … })`);
  }
  if (faults && options.script) throw new Error("faults and script both name the main module");
  requireBuild(faults);
  if (faults) {
    options.script = faultsScript;
    // Named, or wrangler would look for it from the script's folder up, and find none.
    options.config ??= "wrangler.jsonc";
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(await freePort(), options);
    } catch (err) {
      // The port freePort found free can be given to another socket (an outgoing
      // connection's, from the same ephemeral range) before wrangler binds it: try another.
      if (err.code !== "EADDRINUSE" || attempt === 3) throw err;
    }
  }
}

async function launch(port, { vars: given = {}, script, config, persistTo, testScheduled = false, untouched = false, broken = false }) {
  // A fresh TMPDIR holds this run's temporary files (miniflare's among them) and, unless
  // persistTo says otherwise, its state; stop() removes it, even after a killed wrangler.
  const tmp = await mkdtemp(path.join(tmpdir(), "abusedesk-worker-"));
  const vars = { LINK_SECRET, ...given };
  // wrangler runs on the Node that runs the tests (the one make chose), not whichever
  // `node` an npx shim would find.
  const child = spawn(
    process.execPath,
    [
      wranglerBin, "dev", ...(script ? [script] : []), ...(config ? ["--config", config] : []), "--local",
      "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", "0",
      "--show-interactive-dev-session=false",
      "--persist-to", persistTo ?? path.join(tmp, "state"),
      ...(testScheduled ? ["--test-scheduled"] : []),
      ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ],
    {
      cwd: workerDir,
      env: {
        ...process.env,
        TMPDIR: tmp,
        // Offline: no telemetry, no error reports, no request.cf data fetched.
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_SEND_ERROR_REPORTS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        // No local observability: wrangler 4.164 records every invocation, with a span for
        // each binding call, in a SQLite database of its own, synced to disk as it goes.
        // No test reads it, and in workerd's process it is CPU the benches would count as
        // the Worker's (README: Performance).
        X_LOCAL_OBSERVABILITY: "false",
        NO_COLOR: "1",
      },
      // Its own process group, so stop() ends wrangler's two Node processes and workerd
      // together.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // Both streams in one log, for messages; stdout also on its own, where the mailbox reads
  // the paths of the mail: a chunk of stderr (the Worker's own logs) can arrive in the
  // middle of a line of stdout, and a busy run's log would then lose a path.
  let log = "";
  let stdout = "";
  child.stdout.on("data", (d) => { log += d; stdout += d; });
  child.stderr.on("data", (d) => { log += d; });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  // Should the test process end without stop(), take wrangler down with it: at exit, and
  // on a signal, which ends Node without an exit event (a timeout's SIGTERM once left a
  // workerd spinning a core for an hour).
  const killOnExit = () => killGroup(child.pid, "SIGKILL");
  const killOnSignal = (signal) => {
    killOnExit();
    process.kill(process.pid, signal);
  };
  process.once("exit", killOnExit);
  for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, killOnSignal);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    for (const signal of ["SIGINT", "SIGTERM"]) process.removeListener(signal, killOnSignal);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child.pid, "SIGINT");
      const timer = setTimeout(() => killGroup(child.pid, "SIGKILL"), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    }
    await rm(tmp, { recursive: true, force: true });
  };

  try {
    await (untouched ? waitUntilReady(url, exited, () => log) : waitUntilServing(url, exited, () => log, broken));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    mailbox: new Mailbox(() => stdout, (m) => !toReporter(m)),
    confirmations: new Mailbox(() => stdout, toReporter),
    stop,
    /** Everything wrangler has printed so far, for failure messages. */
    log: () => log,
  };
}

function requireBuild(faults) {
  for (const file of [path.join(buildDir, "worker", "app.wasm"), path.join(buildDir, "worker", "worker.mjs"), path.join(buildDir, "site")]) {
    if (!existsSync(file)) {
      throw new Error(`${path.relative(process.cwd(), file)} is missing: run \`make build\` before the Worker's tests`);
    }
  }
  const script = path.resolve(workerDir, faultsScript);
  if (faults && !existsSync(script)) {
    throw new Error(`${path.relative(process.cwd(), script)} is missing: run \`make build worker-faults\` before the tests that switch faults on`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== "ESRCH") throw err;
  }
}

// waitUntilServing polls until the Go module itself answers: its JSON 404 for an unknown
// API route, which neither wrangler nor the static assets would give; or, broken, the 500
// it answers when it cannot start.
async function waitUntilServing(url, exited, log, broken) {
  const deadline = Date.now() + startTimeoutMs;
  let exit = null;
  exited.then((e) => { exit = e; });
  let last = "no answer";
  while (Date.now() < deadline) {
    if (exit) throw exitError(exit, "before serving", log());
    try {
      const res = await fetch(`${url}/api/ready`, { signal: AbortSignal.timeout(5_000) });
      const type = res.headers.get("content-type") ?? "";
      const text = await res.text();
      if (res.status === outcomes.NotFound.status && type.startsWith("application/json")) return;
      if (broken && res.status === outcomes.PlainServerError.status && text.includes("not configured correctly")) return;
      last = `${res.status} ${type}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await sleep(200);
  }
  throw new Error(`the Worker did not answer within ${startTimeoutMs} ms (last: ${last}):\n${log()}`);
}

// waitUntilReady waits for wrangler to say it serves, without asking the Worker anything.
async function waitUntilReady(url, exited, log) {
  const deadline = Date.now() + startTimeoutMs;
  let exit = null;
  exited.then((e) => { exit = e; });
  while (!log().includes(`Ready on ${url}`)) {
    if (exit) throw exitError(exit, "before it was ready", log());
    if (Date.now() > deadline) {
      throw new Error(`wrangler dev was not ready within ${startTimeoutMs} ms:\n${log()}`);
    }
    await sleep(20);
  }
}

// exitError says wrangler dev ended early, with code EADDRINUSE when its port was taken.
function exitError(exit, when, log) {
  const err = new Error(`wrangler dev exited (${exit.signal ?? exit.code}) ${when}:\n${log}`);
  if (log.includes("Address already in use")) err.code = "EADDRINUSE";
  return err;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The headers that mark what the Worker mails a reporter through CONFIRMATIONS: the
// confirmation of receipt and the notice of a decision (worker/email's ConfirmationHeader
// and NoticeHeader), lower-cased as Mail's headers are.
const confirmationHeader = "x-abusedesk-confirmation";
const noticeHeader = "x-abusedesk-notice";
const toReporter = (m) => m.headers.has(confirmationHeader) || m.headers.has(noticeHeader);

/**
 * @typedef {object} Mail
 * @property {string} path     the .eml file
 * @property {string} raw      the message as sent
 * @property {Map<string,string>} headers  lower-cased names; values unfolded, encoded words decoded
 * @property {string} subject  decoded
 * @property {string} body     the text, transfer encoding and charset decoded, lines ending in \n
 * @property {{headers: Map<string,string>, type: string, params: Record<string,string>, bytes: Buffer}[]} parts
 *           every leaf part, decoded
 */

// Mailbox reads the .eml files the simulated send_email binding writes, at the paths
// wrangler prints once each is written ("send_email binding called with the following
// message:" then "Email: <path>"). Where they go moves between versions (4.86:
// $TMPDIR/miniflare-<hex>/files/email/, 4.164: .wrangler/tmp/email/miniflare-<hex>/email/,
// shared by every wrangler run from worker/); the printed path is this run's mail, wherever
// that is. The files go when wrangler stops.
class Mailbox {
  #log;
  #holds;
  #read = new Map();

  /**
   * @param {() => string} log everything wrangler has printed to stdout so far
   * @param {(m: Mail) => boolean} holds which of the messages sent are this mailbox's
   */
  constructor(log, holds) {
    this.#log = log;
    this.#holds = holds;
  }

  /** Resolves with the first message that satisfies predicate, polling until timeoutMs. */
  async waitFor(predicate, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const mail of await this.#messages()) {
        if (predicate(mail)) return mail;
      }
      if (Date.now() >= deadline) {
        const subjects = [...this.#read.values()].map((m) => m.subject);
        throw new Error(`no matching mail within ${timeoutMs} ms; received: ${JSON.stringify(subjects)}`);
      }
      await sleep(100);
    }
  }

  /** Every message received so far. */
  async all() {
    return this.#messages();
  }

  async #messages() {
    for (const [, printed] of this.#log().matchAll(/^Email: (.+\.eml)$/gm)) {
      const file = path.resolve(workerDir, printed.trim());
      if (this.#read.has(file)) continue;
      const before = await stat(file);
      const raw = await readFile(file, "utf8");
      // Printed after it was written, so it should be whole; read it again on the next poll
      // should it not be (the same size after reading, headers ended, a multipart's last
      // boundary there).
      if ((await stat(file)).size !== before.size || !isWhole(raw)) continue;
      this.#read.set(file, { path: file, ...parseMail(raw) });
    }
    return [...this.#read.values()].filter(this.#holds);
  }
}

function isWhole(raw) {
  const text = raw.replace(/\r\n/g, "\n");
  const end = text.indexOf("\n\n");
  if (end < 0) return false;
  const boundary = /boundary="?([^";\n]+)"?/i.exec(text.slice(0, end))?.[1];
  return !boundary || text.includes(`--${boundary}--`);
}

/**
 * Parses a message into decoded headers and text. A multipart message's text is its first
 * text/plain part; `parts` lists every leaf part (nested multiparts flattened) with its
 * headers, media type, parameters and decoded bytes.
 */
export function parseMail(raw) {
  const entity = parseEntity(raw.replace(/\r\n/g, "\n"));
  const parts = leaves(entity);
  const text = parts.find((p) => p.type === "text/plain") ?? parts[0];
  const charset = text?.params.charset ?? "utf-8";
  const body = text ? new TextDecoder(charset).decode(text.bytes).replace(/\r\n/g, "\n") : "";
  return { raw, headers: entity.headers, subject: entity.headers.get("subject") ?? "", body, parts };
}

// parseEntity splits a MIME entity (lines ending in \n) into headers and either decoded
// bytes or, for a multipart, its parts.
function parseEntity(text) {
  const split = text.startsWith("\n") ? 0 : text.indexOf("\n\n");
  const head = split < 0 ? text : text.slice(0, split);
  const encodedBody = split < 0 ? "" : text.slice(split + (split === 0 ? 1 : 2));
  const headers = new Map();
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  const [type, params] = mediaType(headers.get("content-type") ?? "text/plain");
  if (type.startsWith("multipart/") && params.boundary) {
    const delimiter = `--${params.boundary}`;
    const chunks = encodedBody.split(new RegExp(`(?:^|\n)${delimiter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:--)?[ \t]*\n?`));
    // The first chunk is the preamble, the last the epilogue.
    const parts = chunks.slice(1, -1).map(parseEntity);
    return { headers, type, params, parts };
  }
  const bytes = decodeTransfer(encodedBody, (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase());
  return { headers, type, params, bytes };
}

function leaves(entity) {
  return entity.parts ? entity.parts.flatMap(leaves) : [entity];
}

// mediaType reads a Content-Type or Content-Disposition value: its lower-cased type and
// its parameters, RFC 2231 extended values (name*=utf-8''%XX) and continuations
// (name*0*=utf-8''%XX; name*1*=%XX, or name*0="…"; name*1="…") decoded and joined.
export function mediaType(value) {
  const [type, ...rest] = value.split(";");
  const params = {};
  const pieces = {}; // name → [{n, extended, value}]
  for (const p of rest) {
    const m = /^\s*([^=\s*]+)(?:\*(\d+))?(\*?)=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/.exec(p);
    if (!m) continue;
    const name = m[1].toLowerCase();
    const v = m[4] !== undefined ? m[4].replace(/\\(.)/g, "$1") : m[5];
    (pieces[name] ??= []).push({ n: m[2] === undefined ? 0 : Number(m[2]), extended: m[3] === "*", value: v });
  }
  for (const [name, list] of Object.entries(pieces)) {
    list.sort((a, b) => a.n - b.n);
    let charset = "utf-8";
    const bytes = [];
    for (const [i, piece] of list.entries()) {
      let v = piece.value;
      if (!piece.extended) {
        bytes.push(Buffer.from(v, "utf8"));
        continue;
      }
      if (i === 0) {
        const ext = /^([^']*)'([^']*)'(.*)$/.exec(v);
        if (ext) [, charset, , v] = ext;
      }
      bytes.push(qpBytes(v.replace(/%/g, "="), false));
    }
    params[name] = new TextDecoder(charset || "utf-8").decode(Buffer.concat(bytes));
  }
  return [type.trim().toLowerCase(), params];
}

function decodeTransfer(body, encoding) {
  switch (encoding) {
    case "quoted-printable":
      return qpBytes(body.replace(/=\n/g, ""), false);
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64");
    default:
      return Buffer.from(body, "utf8");
  }
}

// qpBytes decodes =XX escapes (and, in an encoded word's Q form, _ as a space).
function qpBytes(s, underscoreIsSpace) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === "_" && underscoreIsSpace) {
      out.push(0x20);
    } else {
      out.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(out);
}

// decodeWords decodes RFC 2047 encoded words. The white space between two adjacent words
// is dropped, and their bytes are joined before decoding, so a character split across
// two words survives.
function decodeWords(value) {
  const word = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;
  let out = "";
  let last = 0;
  let run = null; // { charset, chunks }
  const flush = () => {
    if (run) out += new TextDecoder(run.charset).decode(Buffer.concat(run.chunks));
    run = null;
  };
  for (let m; (m = word.exec(value)); ) {
    const between = value.slice(last, m.index);
    if (!(run && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const [, charset, enc, data] = m;
    const bytes = enc.toUpperCase() === "B" ? Buffer.from(data, "base64") : qpBytes(data, true);
    if (run && run.charset.toLowerCase() !== charset.toLowerCase()) flush();
    run ??= { charset, chunks: [] };
    run.chunks.push(bytes);
    last = word.lastIndex;
  }
  flush();
  return out + value.slice(last);
}
