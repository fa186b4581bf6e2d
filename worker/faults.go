//go:build js && wasm && faults

package main

import (
	"log/slog"

	"github.com/syumai/workers/cloudflare"

	"abusedesk/worker/faults"
)

// injectedFaults are the faults the Worker's variables switch on. Only this build, with
// the tag faults (make worker-faults, for the tests that set them), links package faults.
func injectedFaults(log *slog.Logger) (injector, error) {
	f, err := faults.FromEnv(cloudflare.Getenv, log)
	if err != nil {
		return nil, err
	}
	return f, nil
}
