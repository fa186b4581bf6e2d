// For make bench only: the Worker with every report judged valid at once, the authority
// module never started, so that the cold start's table can show what a fresh Worker's
// first report costs apart from the authority's start. Never deployed: it would take any
// report.
import entry from "../entry.mjs";

globalThis.abusedeskValidate = async () => JSON.stringify({ problems: null });

export default entry;
