package authority

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"abusedesk/schemas/api"
)

// xarfSpec is the xarf-spec tree beside the repository (../shared/xarf-v4), where the
// XARF v4 schemas and samples are; never copied into the repository.
const xarfSpec = "../../../shared/xarf-v4"

var xarfOnce = sync.OnceValues(func() (*XARFValidator, error) {
	pack, err := XARFPack(os.DirFS(xarfSpec))
	if err != nil {
		return nil, err
	}
	return XARFFromPack(pack)
})

// xarfValidator is the master schema as the Worker builds it in, from the pack, or the
// test is skipped when the tree is not at hand.
func xarfValidator(t *testing.T) *XARFValidator {
	t.Helper()
	if _, err := os.Stat(xarfSpec); err != nil {
		t.Skipf("the XARF v4 schemas are not at %s (%v)", xarfSpec, err)
	}
	v, err := xarfOnce()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func decodeDoc(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestXARFSamplesAreValid(t *testing.T) {
	v := xarfValidator(t)
	samples, _ := filepath.Glob(filepath.Join(xarfSpec, "samples/v4/*.json"))
	if len(samples) < 30 {
		t.Fatalf("%d samples", len(samples))
	}
	for _, s := range samples {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		if ps := v.Validate(decodeDoc(t, data)); ps != nil {
			t.Errorf("%s: %v", filepath.Base(s), ps)
		}
	}
}

// spamSample is the shipped sample of spam, changed by edit.
func spamSample(t *testing.T, edit func(doc map[string]any)) any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(xarfSpec, "samples/v4/messaging-spam.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc := decodeDoc(t, data).(map[string]any)
	edit(doc)
	data, _ = json.Marshal(doc)
	return decodeDoc(t, data)
}

func TestXARFProblemsSayWhere(t *testing.T) {
	v := xarfValidator(t)
	for _, c := range []struct {
		name string
		edit func(map[string]any)
		want []api.XARFProblem
	}{
		{"no report_id, a bad timestamp", func(d map[string]any) {
			delete(d, "report_id")
			d["timestamp"] = "yesterday"
		}, []api.XARFProblem{{Path: "/report_id", Code: api.XARFRequired}, {Path: "/timestamp", Code: api.XARFFormat}}},
		{"a type of another category", func(d map[string]any) { d["type"] = "ddos" }, []api.XARFProblem{{Path: "/type", Code: api.XARFClass}}},
		{"no such category", func(d map[string]any) { d["category"] = "weather" }, []api.XARFProblem{{Path: "/category", Code: api.XARFEnum}, {Path: "/type", Code: api.XARFClass}}},
		{"the reporter's address and a stray member", func(d map[string]any) {
			d["reporter"].(map[string]any)["contact"] = "not an address"
			d["reporter"].(map[string]any)["phone"] = "+380"
		}, []api.XARFProblem{{Path: "/reporter/contact", Code: api.XARFFormat}, {Path: "/reporter/phone", Code: api.XARFUnknown}}},
		{"an evidence item without payload", func(d map[string]any) {
			d["evidence"] = []any{map[string]any{"content_type": "text/plain"}}
		}, []api.XARFProblem{{Path: "/evidence/0/payload", Code: api.XARFRequired}}},
		{"51 evidence items", func(d map[string]any) {
			var items []any
			for range api.MaxXARFEvidence + 1 {
				items = append(items, map[string]any{"content_type": "text/plain", "payload": "eA=="})
			}
			d["evidence"] = items
		}, []api.XARFProblem{{Path: "/evidence", Code: api.XARFTooMany}}},
		{"a port out of range, a version of words", func(d map[string]any) {
			d["source_port"] = 70000
			d["xarf_version"] = "four"
		}, []api.XARFProblem{{Path: "/source_port", Code: api.XARFRange}, {Path: "/xarf_version", Code: api.XARFPattern}}},
		{"spam without its protocol", func(d map[string]any) { delete(d, "protocol") }, []api.XARFProblem{{Path: "/protocol", Code: api.XARFRequired}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := v.Validate(spamSample(t, c.edit))
			if !slices.Equal(got, c.want) {
				t.Errorf("problems %v, want %v", got, c.want)
			}
		})
	}
	if ps := v.Validate([]any{"a list"}); len(ps) == 0 {
		t.Error("a list passed")
	}
}

func TestXARFPackCarriesTheLicenceAndNoNetwork(t *testing.T) {
	xarfValidator(t)
	pack, err := XARFPack(os.DirFS(xarfSpec))
	if err != nil {
		t.Fatal(err)
	}
	var files map[string]string
	if err := json.Unmarshal(pack, &files); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(files[XARFLicence], "MIT License") || files[XARFMaster] == "" || files["types/messaging-spam.json"] == "" {
		t.Errorf("the pack holds %d files, licence %.20q", len(files), files[XARFLicence])
	}
	// Without its licence it is refused; without a type's schema, it does not compile
	// (nothing is fetched in its place).
	delete(files, XARFLicence)
	without, _ := json.Marshal(files)
	if _, err := XARFFromPack(without); err == nil {
		t.Error("a pack without the licence compiled")
	}
	files[XARFLicence] = "MIT"
	delete(files, "types/messaging-spam.json")
	without, _ = json.Marshal(files)
	if _, err := XARFFromPack(without); err == nil || !strings.Contains(err.Error(), "not among the XARF schemas built in") {
		t.Errorf("a pack without a type's schema: %v", err)
	}
}
