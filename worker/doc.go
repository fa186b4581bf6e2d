//go:build js && wasm

// Command worker is the Cloudflare Worker: it wires the intake handler to the Workers
// runtime. Build it with GOOS=js GOARCH=wasm (see the Makefile's worker target).
package main

import _ "github.com/syumai/workers"
