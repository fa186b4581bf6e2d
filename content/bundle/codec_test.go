package bundle

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// every holds each kind the codec writes, nil and empty apart.
type every struct {
	B       bool
	I       int
	I8      int8
	D       time.Duration
	U       uint16
	F       float64
	S       string
	A       [3]bool
	Bytes   []byte
	Empty   []string
	Nil     []string
	Structs []struct{ X, Y int }
	Map     map[string][]int
	Words   map[string]string
	NoWords map[string]string
	List    []string
	NilMap  map[int]string
	Ptr     *every
	NilPtr  *int
	hidden  int
}

func TestCodecRoundTrip(t *testing.T) {
	in := every{
		B: true, I: -1 << 40, I8: -128, D: 90 * time.Minute, U: 65535, F: -0.5, S: "Київ\x00\n",
		A: [3]bool{true, false, true}, Bytes: []byte{0, 1, 255}, Empty: []string{},
		Structs: []struct{ X, Y int }{{1, -2}, {3, 4}},
		Map:     map[string][]int{"b": {2}, "a": nil, "": {}},
		Words:   map[string]string{"uk": "Київ", "en": "", "": "x"},
		List:    []string{"", "a\x00"},
		Ptr:     &every{S: "inner", Map: map[string][]int{}},
		hidden:  7,
	}
	head, err := appendValue(nil, reflect.ValueOf(in))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := appendValue(nil, reflect.ValueOf(in))
	if !reflect.DeepEqual(head, again) {
		t.Error("two encodings of one value differ (map order?)")
	}
	var out every
	d := decoder{string(head)}
	if err := d.value(reflect.ValueOf(&out).Elem()); err != nil {
		t.Fatal(err)
	}
	in.hidden = 0 // unexported: not carried
	if !reflect.DeepEqual(out, in) || len(d.s) != 0 {
		t.Errorf("read back %+v (%d bytes left), want %+v", out, len(d.s), in)
	}
	// Every cut short is an error, never a panic or a value made up.
	for n := range len(head) {
		var cut every
		d := decoder{string(head[:n])}
		if err := d.value(reflect.ValueOf(&cut).Elem()); !errors.Is(err, errShort) {
			t.Fatalf("cut at %d of %d: %v, want errShort", n, len(head), err)
		}
	}
}

func TestCodecRefusesWhatItCannotCarry(t *testing.T) {
	if _, err := appendValue(nil, reflect.ValueOf(struct{ E error }{errors.New("x")})); err == nil {
		t.Error("an interface was written")
	}
}
