//go:build js && wasm

package bindings

import (
	"context"
	"fmt"

	"abusedesk/worker/entry"
)

// Assets reads the site the generator wrote through the static-assets binding of the
// given name, so the Worker answers a form with the page the reporter filled in.
//
// It calls the binding's fetch itself rather than through an http.Client: a Go client
// links net/http's whole transport and TLS stack, megabytes the Worker would never run.
type Assets struct {
	binding string
}

// NewAssets returns the site behind the named assets binding.
func NewAssets(binding string) *Assets { return &Assets{binding: binding} }

// Read returns the page at path, e.g. /uk/report/.
func (a *Assets) Read(ctx context.Context, path string) (page []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("assets %s: %v", path, r)
		}
	}()
	b := binding(ctx, a.binding)
	if b.IsUndefined() {
		return nil, fmt.Errorf("assets: no binding named %s in the Worker's configuration", a.binding)
	}
	// The assets binding looks only at the path; the host is never contacted.
	resp, err := entry.Await(ctx, b.Call("fetch", "https://assets.invalid"+path))
	if err != nil {
		return nil, fmt.Errorf("assets %s: %w", path, err)
	}
	if status := resp.Get("status").Int(); status != 200 {
		return nil, fmt.Errorf("assets %s: status %d", path, status)
	}
	text, err := entry.Await(ctx, resp.Call("text"))
	if err != nil {
		return nil, fmt.Errorf("assets %s: reading: %w", path, err)
	}
	return []byte(text.String()), nil
}
