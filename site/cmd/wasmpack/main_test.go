package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// sections splits a module into its sections, each with its id and header.
func sections(t *testing.T, module []byte) map[byte][]byte {
	t.Helper()
	s := map[byte][]byte{}
	for i := 8; i < len(module); {
		size, j, err := readU(module, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if module[i] != 0 { // custom sections may repeat; none of these tests compares them
			s[module[i]] = module[j : j+int(size)]
		}
		i = j + int(size)
	}
	return s
}

func memoryOf(t *testing.T, module []byte) []byte {
	t.Helper()
	segments, err := ReadSegments(sections(t, module)[dataSection])
	if err != nil {
		t.Fatal(err)
	}
	return Memory(segments)
}

// TestPackKeepsMemory: a module of Go's own, packed, starts with the same memory and has
// the same sections otherwise, and one data segment.
func TestPackKeepsMemory(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nimport \"strings\"\n\nvar s = strings.Repeat(\"ab\", 3)\n\nfunc main() { println(s, \"hello\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wasm := filepath.Join(dir, "m.wasm")
	cmd := exec.Command("go", "build", "-o", wasm, src)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	module, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	packed, err := Pack(module)
	if err != nil {
		t.Fatal(err)
	}
	before, after := sections(t, module), sections(t, packed)
	if len(before) != len(after) {
		t.Fatalf("sections: %d before, %d after", len(before), len(after))
	}
	for id, s := range before {
		if id != dataSection && !bytes.Equal(s, after[id]) {
			t.Errorf("section %d changed", id)
		}
	}
	segments, err := ReadSegments(after[dataSection])
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := ReadSegments(before[dataSection]); len(n) < 2 || len(segments) != 1 {
		t.Errorf("%d segments packed into %d, want many into 1", len(n), len(segments))
	}
	if !bytes.Equal(memoryOf(t, module), memoryOf(t, packed)) {
		t.Error("the packed module starts with another memory")
	}
	// Packing twice changes nothing more.
	again, err := Pack(packed)
	if err != nil || !bytes.Equal(again, packed) {
		t.Errorf("packed again: changed %v, %v", !bytes.Equal(again, packed), err)
	}
}

func TestMerge(t *testing.T) {
	got, err := Merge([]Segment{{Offset: 10, Data: []byte{3, 4}}, {Offset: 4, Data: []byte{1, 2}}, {Offset: 300, Data: []byte{5}}})
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]byte{1, 2}, make([]byte, 4)...), 3, 4)
	want = append(append(want, make([]byte, 288)...), 5)
	if len(got) != 1 || got[0].Offset != 4 || !bytes.Equal(got[0].Data, want) {
		t.Errorf("Merge = %+v", got)
	}
	if _, err := Merge([]Segment{{Offset: 4, Data: []byte{1, 2}}, {Offset: 5, Data: []byte{3}}}); err == nil {
		t.Error("overlapping segments merged")
	}
	// A large offset, whose LEB128 takes several bytes, is written and read back.
	packed := writeSegments([]Segment{{Offset: 1 << 20, Data: []byte{7}}})
	if s, err := ReadSegments(packed); err != nil || len(s) != 1 || s[0].Offset != 1<<20 {
		t.Errorf("round trip: %+v, %v", s, err)
	}
}

func TestPackRefuses(t *testing.T) {
	header := []byte("\x00asm\x01\x00\x00\x00")
	for name, module := range map[string][]byte{
		"not wasm":         []byte("hello"),
		"passive segment":  append(append([]byte(nil), header...), dataSection, 4, 1, 1, 1, 9),
		"cut short":        append(append([]byte(nil), header...), dataSection, 9, 1),
		"offset not const": append(append([]byte(nil), header...), dataSection, 6, 1, 0, 0x23, 0, 0x0b, 0),
	} {
		if _, err := Pack(module); err == nil {
			t.Errorf("%s: packed", name)
		}
	}
}
