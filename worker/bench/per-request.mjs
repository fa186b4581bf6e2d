// For make bench only: the Worker as syumai/workers' own glue runs it, a new Go instance
// for every request, to compare with entry.mjs, which keeps one. The Go module serves both.
import { EmailMessage } from "cloudflare:email";

globalThis.EmailMessage = EmailMessage;

export { default } from "../../build/worker/worker.mjs";
