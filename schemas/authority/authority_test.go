package authority

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"abusedesk/schemas"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/report"
)

// vector is one shared validation case: the browser's validator and the Worker's must both
// find exactly these problems.
type vector struct {
	Name     string            `json:"name"`
	Values   map[string]string `json:"values"`
	Problems []report.Problem  `json:"problems"`
}

func loadVectors(t testing.TB) []vector {
	data, err := os.ReadFile("testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

func goRegexp(pattern string) (browsercheck.Matcher, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	return re.MatchString, nil
}

// newCheckers returns the report's validator as the Worker compiles it (FuzzBuiltInAgrees
// holds it to the checked one) and the browser's.
func newCheckers(t testing.TB) (*Validator, *browsercheck.Checker) {
	v, err := ReportBuiltIn()
	if err != nil {
		t.Fatal(err)
	}
	spec := schemas.FormSpec()
	c, err := browsercheck.New(spec, goRegexp)
	if err != nil {
		t.Fatal(err)
	}
	return v, c
}

func TestVectorsAgree(t *testing.T) {
	authority, lite := newCheckers(t)
	for _, vc := range loadVectors(t) {
		t.Run(vc.Name, func(t *testing.T) {
			want := vc.Problems
			if len(want) == 0 {
				want = nil
			}
			if got := authority.Validate(schemas.Normalize(vc.Values)); !reflect.DeepEqual(got, want) {
				t.Errorf("Worker's validator: %v, want %v", got, want)
			}
			normalized := map[string]string{}
			for k, v := range vc.Values {
				normalized[k] = browsercheck.Normalize(v)
			}
			if got := lite.Check(normalized); !reflect.DeepEqual(got, want) {
				t.Errorf("browser's validator: %v, want %v", got, want)
			}
		})
	}
}

func TestTooLongNamesTheLimit(t *testing.T) {
	authority, lite := newCheckers(t)
	values := map[string]string{"lang": "en", "requester": "person", "full_name": strings.Repeat("я", 201), "email": "a@example.com", "category": "malware", "resource": "example.net", "message": "m", "declaration": report.Declared}
	want := []report.Problem{{Field: "full_name", Code: report.TooLong, Limit: 200}}
	if got := authority.Validate(schemas.Normalize(values)); !reflect.DeepEqual(got, want) {
		t.Errorf("Worker's validator: %v, want %v", got, want)
	}
	if got := lite.Check(values); !reflect.DeepEqual(got, want) {
		t.Errorf("browser's validator: %v, want %v", got, want)
	}
}

func TestAuthorityRejectsWhatTheFormCannotSend(t *testing.T) {
	authority, _ := newCheckers(t)
	doc := map[string]any{"lang": "en", "requester": "person", "full_name": "A", "email": "a@example.com", "category": "malware", "resource": "example.net", "message": 42, "declaration": report.Declared, "admin": true}
	want := []report.Problem{{Field: "message", Code: report.BadValue}, {Field: "admin", Code: report.Unknown}}
	if got := authority.Validate(doc); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestTypoValidator(t *testing.T) {
	v, err := Typo()
	if err != nil {
		t.Fatal(err)
	}
	valid := map[string]any{"lang": "en", "page": "/en/policy/", "selection": "recieve", "comment": "receive", "context": "We recieve complaints."}
	if got := v.Validate(valid); got != nil {
		t.Errorf("a valid note: %v", got)
	}
	for _, tc := range []struct {
		name string
		doc  map[string]any
		want []report.Problem
	}{
		{"only what is required", map[string]any{"lang": "uk", "page": "/uk/", "selection": "x"}, nil},
		{"nothing", map[string]any{}, []report.Problem{
			{Field: "lang", Code: report.Required}, {Field: "page", Code: report.Required}, {Field: "selection", Code: report.Required},
		}},
		{"too long, counted in characters", map[string]any{"lang": "uk", "page": "/uk/policy/", "selection": strings.Repeat("я", 501), "comment": strings.Repeat("я", 1001), "context": strings.Repeat("😀", 1000)},
			[]report.Problem{{Field: "selection", Code: report.TooLong, Limit: 500}, {Field: "comment", Code: report.TooLong, Limit: 1000}}},
		{"a page of no language of the site", map[string]any{"lang": "de", "page": "/de/policy/", "selection": "x"},
			[]report.Problem{{Field: "lang", Code: report.NotOneOf}, {Field: "page", Code: report.BadValue}}},
		{"a page elsewhere", map[string]any{"lang": "en", "page": "https://example.net/en/policy/", "selection": "x"},
			[]report.Problem{{Field: "page", Code: report.BadValue}}},
		{"a page with a line break", map[string]any{"lang": "en", "page": "/en/policy/\n", "selection": "x"},
			[]report.Problem{{Field: "page", Code: report.BadValue}}},
		{"wrong types and an extra field", map[string]any{"lang": "en", "page": "/en/policy/", "selection": []any{"x"}, "comment": 1, "email": "a@example.com"},
			[]report.Problem{{Field: "selection", Code: report.BadValue}, {Field: "comment", Code: report.BadValue}, {Field: "email", Code: report.Unknown}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := v.Validate(tc.doc); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
