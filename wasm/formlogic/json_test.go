package formlogic

import (
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseJSON holds ParseJSON to encoding/json: the same texts accepted, the same values
// read from them.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{"lang":"uk","spec":{"fields":[{"name":"email","required":true,"maxLength":254}]}}`,
		`[1, -0, 0.5, -1.25e+3, 1E-2, 12345678901234567890]`, `"\u0416\u00e9 \ud83d\ude00 \ud800 \udc00x \ud800\u0041"`,
		`"\"\\\/\b\f\n\r\t"`, `"\u003c\u2028"`, "\"\xff\xfe ok \xe2\x82\"", `{"a":1,"a":2}`, ` [ ] `, `{}`,
		`null`, `true`, `false`, `nul`, `tru`, `01`, `-`, `1.`, `.5`, `1e`, `+1`, `1e400`, `[1,]`, `{"a"}`,
		`{"a":1,}`, `{,}`, `[1 2]`, `"a` + "\x01" + `"`, `"\x"`, `"\u12"`, `"\u12G4"`, `[1]x`, ``, ` `,
		"\ufeff{}", `{"a":[{"b":[[],{}]}]}`, `1 `, "\t\r\n1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseJSON(s)
		want, wantErr := decode(s)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("ParseJSON(%q): error %v, encoding/json: %v", s, err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got.v, want) {
			t.Fatalf("ParseJSON(%q) = %#v, encoding/json: %#v", s, got.v, want)
		}
	})
}

// decode is encoding/json's reading of s, numbers kept as their text.
func decode(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("text after the value")
	}
	return numbers(v), nil
}

func numbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		return number(v)
	case map[string]any:
		for k, e := range v {
			v[k] = numbers(e)
		}
	case []any:
		for i, e := range v {
			v[i] = numbers(e)
		}
	}
	return v
}

func TestParseJSONDepth(t *testing.T) {
	for _, c := range []struct {
		depth int
		ok    bool
	}{{10000, true}, {10001, false}} {
		text := strings.Repeat("[", c.depth) + "1" + strings.Repeat("]", c.depth)
		if _, err := ParseJSON(text); (err == nil) != c.ok {
			t.Errorf("%d nested arrays: error %v, want ok=%v", c.depth, err, c.ok)
		}
		var v any
		if err := json.Unmarshal([]byte(text), &v); (err == nil) != c.ok {
			t.Errorf("encoding/json on %d nested arrays: error %v, want ok=%v", c.depth, err, c.ok)
		}
	}
}

// Node reads a missing member, or one of another type, as the zero value.
func TestParseJSONNode(t *testing.T) {
	n, err := ParseJSON(`{"s":"x","n":42,"b":true,"a":["p",1],"o":{"k":"v"},
		"ints":[-7, 0, 123456789012345678],"others":[1.5, 1e3, 1234567890123456789, -0.0]}`)
	if err != nil {
		t.Fatal(err)
	}
	if n.Get("s").String() != "x" || n.Get("n").Int() != 42 || !n.Get("b").Bool() || n.Get("o").Get("k").String() != "v" {
		t.Error("members read wrong")
	}
	if items := n.Get("a").Items(); len(items) != 2 || items[0].String() != "p" || items[1].Int() != 1 {
		t.Errorf("array read as %v", items)
	}
	if n.Get("none").String() != "" || n.Get("s").Int() != 0 || n.Get("n").String() != "" || n.Get("s").Items() != nil ||
		n.Get("a").Get("k").String() != "" || n.Get("b").Get("x").Bool() {
		t.Error("a missing or mistyped value did not read as zero")
	}
	for i, want := range []int{-7, 0, 123456789012345678} {
		if got := n.Get("ints").Items()[i].Int(); got != want {
			t.Errorf("ints[%d] read as %d, want %d", i, got, want)
		}
	}
	for i, other := range n.Get("others").Items() {
		if got := other.Int(); got != 0 {
			t.Errorf("others[%d] read as %d, want 0 (not an integer an int holds)", i, got)
		}
	}
}
