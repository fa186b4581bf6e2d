//go:build js && wasm

package bindings

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall/js"
	"time"

	"abusedesk/worker/delivery"
	"abusedesk/worker/entry"
)

// Bucket is a delivery.Store on the R2 bucket bound under the given name. It calls the
// binding itself rather than through syumai/workers' r2 package, which lists without a
// prefix, a cursor or custom metadata, and cannot write conditionally.
type Bucket struct {
	binding string
}

// NewBucket returns the store behind the named R2 binding.
func NewBucket(binding string) *Bucket { return &Bucket{binding: binding} }

var _ delivery.Store = (*Bucket)(nil)

// call calls one of the binding's methods and waits for its promise. A JavaScript
// exception panics in syscall/js; it becomes an error here.
func (b *Bucket) call(ctx context.Context, method string, args ...any) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("r2 %s.%s: %v", b.binding, method, r)
		}
	}()
	binding := binding(ctx, b.binding)
	if binding.IsUndefined() {
		return js.Value{}, fmt.Errorf("r2: no binding named %s in the Worker's configuration", b.binding)
	}
	v, err = entry.Await(ctx, binding.Call(method, args...))
	if err != nil {
		return js.Value{}, fmt.Errorf("r2 %s.%s: %w", b.binding, method, err)
	}
	return v, nil
}

// Put writes data under key with meta as the object's custom metadata.
func (b *Bucket) Put(ctx context.Context, key string, data []byte, meta map[string]string) error {
	_, err := b.call(ctx, "put", key, bytesToJS(data), js.ValueOf(map[string]any{"customMetadata": metaToJS(meta)}))
	return err
}

// Create writes data under key, with meta as its custom metadata, only if no object is
// there: R2 checks the condition and answers null when it fails.
func (b *Bucket) Create(ctx context.Context, key string, data []byte, meta map[string]string) (bool, error) {
	onlyIf := js.Global().Get("Headers").New(js.ValueOf(map[string]any{"If-None-Match": "*"}))
	v, err := b.call(ctx, "put", key, bytesToJS(data), js.ValueOf(map[string]any{"onlyIf": onlyIf, "customMetadata": metaToJS(meta)}))
	if err != nil {
		return false, err
	}
	return !v.IsNull() && !v.IsUndefined(), nil
}

// Get reads the object under key.
func (b *Bucket) Get(ctx context.Context, key string) ([]byte, delivery.Object, error) {
	v, err := b.call(ctx, "get", key)
	if err != nil {
		return nil, delivery.Object{}, err
	}
	if v.IsNull() || v.IsUndefined() {
		return nil, delivery.Object{}, fmt.Errorf("r2 %s: %s: %w", b.binding, key, delivery.ErrNotFound)
	}
	buf, err := entry.Await(ctx, v.Call("arrayBuffer"))
	if err != nil {
		return nil, delivery.Object{}, fmt.Errorf("r2 %s: reading %s: %w", b.binding, key, err)
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	data := make([]byte, arr.Get("byteLength").Int())
	js.CopyBytesToGo(data, arr)
	return data, toObject(v), nil
}

// Open reads the object under key as R2 streams it.
func (b *Bucket) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	v, err := b.call(ctx, "get", key)
	if err != nil {
		return nil, err
	}
	if v.IsNull() || v.IsUndefined() {
		return nil, fmt.Errorf("r2 %s: %s: %w", b.binding, key, delivery.ErrNotFound)
	}
	return entry.Reader(v.Get("body")), nil
}

// Head reads the metadata of the object under key.
func (b *Bucket) Head(ctx context.Context, key string) (delivery.Object, error) {
	v, err := b.call(ctx, "head", key)
	if err != nil {
		return delivery.Object{}, err
	}
	if v.IsNull() || v.IsUndefined() {
		return delivery.Object{}, fmt.Errorf("r2 %s: %s: %w", b.binding, key, delivery.ErrNotFound)
	}
	return toObject(v), nil
}

// List returns every object under prefix, following R2's pages (1000 objects each).
func (b *Bucket) List(ctx context.Context, prefix string) ([]delivery.Object, error) {
	var out []delivery.Object
	opts := map[string]any{"prefix": prefix, "include": []any{"customMetadata"}}
	for {
		page, err := b.call(ctx, "list", js.ValueOf(opts))
		if err != nil {
			return nil, err
		}
		objs := page.Get("objects")
		for i := range objs.Length() {
			out = append(out, toObject(objs.Index(i)))
		}
		if !page.Get("truncated").Truthy() {
			return out, nil
		}
		cursor := page.Get("cursor")
		if cursor.Type() != js.TypeString {
			return nil, errors.New("r2: a truncated list without a cursor")
		}
		opts["cursor"] = cursor.String()
	}
}

// Delete removes the object under key; removing what is not there is not an error.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	_, err := b.call(ctx, "delete", key)
	return err
}

func bytesToJS(data []byte) js.Value {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	return arr
}

func metaToJS(meta map[string]string) map[string]any {
	m := make(map[string]any, len(meta))
	for k, v := range meta {
		m[k] = v
	}
	return m
}

// toObject reads an R2Object's key, upload time and custom metadata.
func toObject(v js.Value) delivery.Object {
	o := delivery.Object{
		Key:      v.Get("key").String(),
		Uploaded: time.UnixMilli(int64(v.Get("uploaded").Call("getTime").Float())),
		Meta:     map[string]string{},
	}
	if meta := v.Get("customMetadata"); meta.Type() == js.TypeObject {
		keys := js.Global().Get("Object").Call("keys", meta)
		for i := range keys.Length() {
			k := keys.Index(i).String()
			o.Meta[k] = meta.Get(k).String()
		}
	}
	return o
}
