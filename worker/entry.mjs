// The Worker's main module (wrangler.jsonc). The Go module sends mail as a raw MIME message
// with `new EmailMessage(from, to, raw)`, a class that only the `cloudflare:email` module
// exports and that Go cannot import; so it is put on globalThis here, and the Go module
// (built into ../build/worker by `make worker`) finds it there when a request arrives.
import { EmailMessage } from "cloudflare:email";

globalThis.EmailMessage = EmailMessage;

export { default } from "../build/worker/worker.mjs";
