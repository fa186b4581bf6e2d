package authority

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"abusedesk/schemas"
	"abusedesk/schemas/browsercheck"
)

// The Worker compiles its built-in schemas without checking them against their
// metaschema (ReportBuiltIn, TypoBuiltIn); here they are checked.
func TestBuiltInSchemasMeetTheirMetaschema(t *testing.T) {
	if _, err := Report(); err != nil {
		t.Error(err)
	}
	if _, err := Typo(); err != nil {
		t.Error(err)
	}
}

// What the built-in way leaves out is the metaschema's check, and only that: a schema the
// metaschema refuses (a title that is not a string) is refused the checked way and
// compiled the built-in way. Should a new version of santhosh-tekuri/jsonschema check
// json-schema.org's URLs too, this fails and says the Worker's first report got slower.
func TestBuiltInSkipsOnlyTheMetaschemaCheck(t *testing.T) {
	schema := []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": 5, "type": "object", "properties": {"a": {"type": "string", "maxLength": 2}}}`)
	spec := &browsercheck.Spec{}
	_, err := compile("odd.schema.json", schema, spec, checked)
	var sve *jsonschema.SchemaValidationError
	if !errors.As(err, &sve) {
		t.Fatalf("checked: %v, want a SchemaValidationError", err)
	}
	v, err := compile("odd.schema.json", schema, spec, builtIn)
	if err != nil {
		t.Fatalf("built in: %v", err)
	}
	if v.Validate(map[string]any{"a": "abc"}) == nil || v.Validate(map[string]any{"a": "ab"}) != nil {
		t.Error("the built-in way does not judge by the schema")
	}
}

// FuzzBuiltInAgrees is the differential test behind the Worker's faster compile: for any
// JSON document, the report's and the typo note's schemas compiled the built-in way find
// exactly the problems the checked way finds. The seeds are the shared vectors, the typo
// note's cases and documents of every JSON type.
func FuzzBuiltInAgrees(f *testing.F) {
	for _, vc := range loadVectors(f) {
		doc, _ := json.Marshal(vc.Values)
		f.Add(doc)
	}
	for _, s := range []string{
		`{}`, `null`, `[]`, `"x"`, `1`, `true`,
		`{"lang": "en", "page": "/en/policy/", "selection": "recieve", "comment": "receive", "context": "We recieve complaints."}`,
		`{"lang": "de", "page": "https://example.net/de/", "selection": ["x"], "comment": 1, "email": "a@b"}`,
		`{"lang": "en", "requester": "person", "full_name": "A", "email": "a@example.com", "category": "malware", "resource": "example.net", "message": 42, "declaration": "yes", "admin": true}`,
		`{"lang": "uk", "requester": "company", "category": "spam", "email": "x@", "evidence_urls": "javascript:alert(1)", "phone": null}`,
	} {
		f.Add([]byte(s))
	}
	var pairs [2][2]*Validator
	for i, compile := range []func() (*Validator, error){Report, ReportBuiltIn, Typo, TypoBuiltIn} {
		v, err := compile()
		if err != nil {
			f.Fatal(err)
		}
		pairs[i/2][i%2] = v
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber() // as the authority module reads documents
		var doc any
		if dec.Decode(&doc) != nil {
			t.Skip()
		}
		if m, ok := doc.(map[string]any); ok {
			// Strings as the Worker hands them over, too.
			values := map[string]string{}
			for k, v := range m {
				if s, ok := v.(string); ok {
					values[k] = s
				}
			}
			check(t, pairs, schemas.Normalize(values))
		}
		check(t, pairs, doc)
	})
}

func check(t *testing.T, pairs [2][2]*Validator, doc any) {
	for i, p := range pairs {
		if want, got := p[0].Validate(doc), p[1].Validate(doc); !reflect.DeepEqual(got, want) {
			t.Errorf("schema %d, %v:\nbuilt in %v\nchecked  %v", i, doc, got, want)
		}
	}
}
