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
// follows the Go types: what a fresh Worker isolate needs to read it back is one small
// function, where encoding/json's first decoding costs it more than its whole first
// answer otherwise does (V8 compiles each function of a WebAssembly module the first time
// it runs). Prepare and Open are built together, by one `make`, from the same types, so the
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

// decoder reads what appendValue wrote.
type decoder struct{ b []byte }

func (d *decoder) uvarint() (uint64, error) {
	n, size := binary.Uvarint(d.b)
	if size <= 0 {
		return 0, errShort
	}
	d.b = d.b[size:]
	return n, nil
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
	if u-1 > uint64(len(d.b)) {
		return 0, false, errShort
	}
	return int(u - 1), false, nil
}

// value reads into v, which is settable.
func (d *decoder) value(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Bool:
		if len(d.b) == 0 {
			return errShort
		}
		v.SetBool(d.b[0] != 0)
		d.b = d.b[1:]
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, size := binary.Varint(d.b)
		if size <= 0 {
			return errShort
		}
		d.b = d.b[size:]
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := d.uvarint()
		if err != nil {
			return err
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		n, err := d.uvarint()
		if err != nil {
			return err
		}
		v.SetFloat(math.Float64frombits(n))
	case reflect.String:
		n, err := d.uvarint()
		if err != nil {
			return err
		}
		if n > uint64(len(d.b)) {
			return errShort
		}
		v.SetString(string(d.b[:n]))
		d.b = d.b[n:]
	case reflect.Array:
		for i := range v.Len() {
			if err := d.value(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Slice:
		n, isNil, err := d.length()
		if err != nil || isNil {
			return err
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			v.SetBytes(slices.Clone(d.b[:n]))
			d.b = d.b[n:]
			return nil
		}
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			if err := d.value(v.Index(i)); err != nil {
				return err
			}
		}
	case reflect.Map:
		n, isNil, err := d.length()
		if err != nil || isNil {
			return err
		}
		t := v.Type()
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
	case reflect.Pointer:
		if len(d.b) == 0 {
			return errShort
		}
		present := d.b[0] != 0
		d.b = d.b[1:]
		if !present {
			return nil
		}
		v.Set(reflect.New(v.Type().Elem()))
		return d.value(v.Elem())
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			if err := d.value(v.Field(i)); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("a %s cannot be read from the prepared content", v.Type())
	}
	return nil
}
