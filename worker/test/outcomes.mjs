// The Worker's outcomes, the one table of them: api.Outcomes (schemas/api/outcomes.go), as
// schemas/gen writes it into schemas/api/outcomes.json for these tests, which cannot import
// Go (a Go test fails when the file is stale). Each is named as in Go, with its status,
// code (what a JSON failure carries as "error") and message key:
//
//   assert.equal(res.status, outcomes.KeyReused.status);
//   assert.equal(answer.error, outcomes.KeyReused.code);
//
// A name the table does not have throws, rather than read as undefined.

import { readFileSync } from "node:fs";

const table = JSON.parse(readFileSync(new URL("../../schemas/api/outcomes.json", import.meta.url), "utf8")).outcomes;

export const outcomes = new Proxy(table, {
  get(t, name) {
    if (typeof name === "string" && !Object.hasOwn(t, name)) throw new Error(`api.Outcomes has no ${name}`);
    return t[name];
  },
});
