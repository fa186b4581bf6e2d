// For make bench only: the Worker (entry.mjs, its one kept Go instance) with its bindings
// in memory (memory.mjs) instead of miniflare's simulators, so that workerd's CPU per
// report is the Worker's own. Never deployed: it stores nothing.
import entry from "../entry.mjs";
import { inMemory } from "./memory.mjs";

export default inMemory(entry);
