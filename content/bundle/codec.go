package bundle

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
)

// The head of the prepared content is written by reflection in a plain binary form that
// follows the Go types: what a fresh Worker isolate needs to read it back is a few small
// functions, where encoding/json's first decoding cost it as much as the rest of its
// first answer (V8 compiles each function of a WebAssembly module the first time it runs). Prepare and Open are built together, by one `make`, from the same types, so the
// form carries no names and no version: it is not a file format, only the way the Worker
// gets the values content.Load made.
//
// Each value, by kind: a bool as one byte; a signed integer as a varint, an unsigned one or
// a float's bits as an uvarint; a string as its length (uvarint) and bytes; an array as its
// elements; a slice or map as 0 when nil, else its length plus one and its elements (a
// map's in the order of its keys' encoding, so the bytes are the same each time); a
// pointer as 0 when nil, else 1 and what it points to; a struct as its exported fields,
// in order. Other kinds (interfaces, channels, functions) are refused.

// appendValue appends v's encoding to b.
func appendValue(b []byte, v reflect.Value) ([]byte, error) {
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, 1), nil
		}
		return append(b, 0), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(b, v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.AppendUvarint(b, v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return binary.AppendUvarint(b, math.Float64bits(v.Float())), nil
	case reflect.String:
		b = binary.AppendUvarint(b, uint64(v.Len()))
		return append(b, v.String()...), nil
	case reflect.Array:
		return appendElems(b, v)
	case reflect.Slice:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return append(b, v.Bytes()...), nil
		}
		return appendElems(b, v)
	case reflect.Map:
		if v.IsNil() {
			return append(b, 0), nil
		}
		b = binary.AppendUvarint(b, uint64(v.Len())+1)
		type pair struct{ key, value []byte }
		pairs := make([]pair, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			key, err := appendValue(nil, it.Key())
			if err != nil {
				return nil, err
			}
			value, err := appendValue(nil, it.Value())
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, pair{key, value})
		}
		slices.SortFunc(pairs, func(x, y pair) int { return slices.Compare(x.key, y.key) })
		for _, p := range pairs {
			b = append(append(b, p.key...), p.value...)
		}
		return b, nil
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, 0), nil
		}
		return appendValue(append(b, 1), v.Elem())
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			var err error
			if b, err = appendValue(b, v.Field(i)); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t.Name(), t.Field(i).Name, err)
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("a %s cannot be prepared", v.Type())
}

func appendElems(b []byte, v reflect.Value) ([]byte, error) {
	for i := range v.Len() {
		var err error
		if b, err = appendValue(b, v.Index(i)); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// errShort is what reading past the end of the head says.
var errShort = errors.New("the prepared content ends early")

// decoder reads what appendValue wrote from s: a string, so that each string read is a
// piece of it, not a copy (thousands of allocations fewer at a fresh isolate's start).
type decoder struct{ s string }

func (d *decoder) uvarint() (uint64, error) {
	var n uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		n |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			d.s = d.s[i+1:]
			return n, nil
		}
	}
	return 0, errShort
}

func (d *decoder) varint() (int64, error) {
	u, err := d.uvarint()
	n := int64(u >> 1)
	if u&1 != 0 {
		n = ^n
	}
	return n, err
}

// length reads a slice's or map's length plus one (0 for nil), refusing one longer than
// what is left to read, whose every element takes at least a byte (or none: an empty
// struct's, refused too rather than allocated without limit).
func (d *decoder) length() (n int, isNil bool, err error) {
	u, err := d.uvarint()
	if err != nil {
		return 0, false, err
	}
	if u == 0 {
		return 0, true, nil
	}
	if u-1 > uint64(len(d.s)) {
		return 0, false, errShort
	}
	return int(u - 1), false, nil
}

func (d *decoder) string() (string, error) {
	n, err := d.uvarint()
	if err != nil {
		return "", err
	}
	if n > uint64(len(d.s)) {
		return "", errShort
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s, nil
}

func (d *decoder) byte() (byte, error) {
	if len(d.s) == 0 {
		return 0, errShort
	}
	c := d.s[0]
	d.s = d.s[1:]
	return c, nil
}

// The types decoder.value reads without reflection.
var (
	stringsType = reflect.TypeFor[[]string]()
	wordsType   = reflect.TypeFor[map[string]string]()
)

// value reads into v, which is settable. Each kind has a small function of its own: one
// large function run this often is what V8 would compile a second time, optimized, on
// another core, while the Worker's first request waits for that core.
func (d *decoder) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Struct:
		return d.structValue(v)
	case reflect.Slice:
		return d.slice(v)
	case reflect.Map:
		return d.mapValue(v)
	case reflect.Pointer:
		return d.pointer(v)
	case reflect.Array:
		for i := range v.Len() {
			if err := d.value(v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	}
	return d.scalar(v)
}

func (d *decoder) scalar(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Bool:
		c, err := d.byte()
		v.SetBool(c != 0)
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := d.varint()
		v.SetInt(n)
		return err
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := d.uvarint()
		v.SetUint(n)
		return err
	case reflect.Float32, reflect.Float64:
		n, err := d.uvarint()
		v.SetFloat(math.Float64frombits(n))
		return err
	case reflect.String:
		s, err := d.string()
		v.SetString(s)
		return err
	}
	return fmt.Errorf("a %s cannot be read from the prepared content", v.Type())
}

func (d *decoder) structValue(v reflect.Value) error {
	for i := range v.NumField() {
		// Unexported fields were not written, and cannot be set (v is addressable).
		if f := v.Field(i); f.CanSet() {
			if err := d.value(f); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *decoder) pointer(v reflect.Value) error {
	present, err := d.byte()
	if err != nil || present == 0 {
		return err
	}
	v.Set(reflect.New(v.Type().Elem()))
	return d.value(v.Elem())
}

func (d *decoder) slice(v reflect.Value) error {
	n, isNil, err := d.length()
	if err != nil || isNil {
		return err
	}
	switch t := v.Type(); {
	case t == stringsType:
		// Most of the head's lists: read without reflection.
		list := make([]string, n)
		for i := range list {
			if list[i], err = d.string(); err != nil {
				return err
			}
		}
		v.Set(reflect.ValueOf(list))
	case t.Elem().Kind() == reflect.Uint8:
		v.SetBytes([]byte(d.s[:n]))
		d.s = d.s[n:]
	default:
		v.Set(reflect.MakeSlice(t, n, n))
		for i := range n {
			if err := d.value(v.Index(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *decoder) mapValue(v reflect.Value) error {
	n, isNil, err := d.length()
	if err != nil || isNil {
		return err
	}
	t := v.Type()
	if t == wordsType {
		// A text by language: most of the head, read as stringsType is.
		m := make(map[string]string, n)
		for range n {
			key, err := d.string()
			if err != nil {
				return err
			}
			if m[key], err = d.string(); err != nil {
				return err
			}
		}
		v.Set(reflect.ValueOf(m))
		return nil
	}
	v.Set(reflect.MakeMapWithSize(t, n))
	for range n {
		key, value := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		if err := d.value(key); err != nil {
			return err
		}
		if err := d.value(value); err != nil {
			return err
		}
		v.SetMapIndex(key, value)
	}
	return nil
}
