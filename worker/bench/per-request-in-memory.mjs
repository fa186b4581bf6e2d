// For make bench only: per-request.mjs, syumai's glue with a new Go instance for every
// request, with the bindings in memory as in-memory.mjs has them. Never deployed.
import "../entry.mjs";
import perEvent from "../../build/worker/worker.mjs";
import { inMemory } from "./memory.mjs";

export default inMemory(perEvent);
