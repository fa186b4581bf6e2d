//go:build js && wasm

// Command hello is the yardstick of make bench's cold start: the smallest Go Worker that
// answers like ours (syumai/workers' glue and net/http, a JSON 404), so the bench can say
// how much of our Worker's first answer is Go in workerd at all, and how much is ours.
package main

import (
	"net/http"

	"github.com/syumai/workers"
)

func main() {
	workers.Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":"not_found"}` + "\n"))
	}))
}
