// For make bench only: the Worker as syumai/workers' own glue runs it, a new Go instance
// for every request, to compare with entry.mjs, which keeps one. The Go module serves both.
// entry.mjs is imported for what it puts on globalThis (EmailMessage, the authority).
import "../entry.mjs";

export { default } from "../../build/worker/worker.mjs";
