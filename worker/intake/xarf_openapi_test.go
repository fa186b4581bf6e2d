package intake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"abusedesk/schemas/api"
)

// TestOpenAPIDescribesTheAPI: the description is served without a key, names every code of
// the API's rows of api.Outcomes, and each of its request examples, posted, is taken.
func TestOpenAPIDescribesTheAPI(t *testing.T) {
	f := newXARFFixture(t)
	w := f.do(http.MethodGet, api.OpenAPIPath, "", "")
	if !is(w, api.Outcomes.OpenAPI) || !bytes.Equal(w.Body.Bytes(), api.OpenAPI()) || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("%d %s %.100s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Responses   map[string]json.RawMessage `json:"responses"`
			RequestBody *struct {
				Content map[string]struct {
					Examples map[string]struct {
						Value json.RawMessage `json:"value"`
					} `json:"examples"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q, %v", doc.OpenAPI, err)
	}
	for _, p := range []string{api.XARFPath, api.XARFReportPrefix + "{reference}", api.OpenAPIPath} {
		if doc.Paths[p] == nil {
			t.Errorf("no path %s", p)
		}
	}
	// Every code of the API's rows is documented with its status.
	var responses strings.Builder
	for _, ops := range doc.Paths {
		for _, op := range ops {
			for status, r := range op.Responses {
				responses.WriteString(status + " " + string(r) + "\n")
			}
		}
	}
	v := reflect.ValueOf(api.Outcomes)
	for i := range v.NumField() {
		name := v.Type().Field(i).Name
		if !strings.HasPrefix(name, "XARF") {
			continue
		}
		o := v.Field(i).Interface().(api.Outcome)
		if !strings.Contains(responses.String(), o.Code) {
			t.Errorf("%s (%d %s) is not in the description", name, o.Status, o.Code)
		}
	}
	examples := doc.Paths[api.XARFPath]["post"].RequestBody.Content["application/json"].Examples
	if len(examples) < 2 {
		t.Fatalf("%d examples", len(examples))
	}
	for name, ex := range examples {
		w := f.post(f.key, ex.Value)
		switch {
		case ex.Value[0] == '[' && is(w, api.Outcomes.XARFBatch):
			for i, r := range decode[api.XARFBatch](t, w).Results {
				if r.Status != api.Outcomes.XARFAccepted.Status {
					t.Errorf("example %s, item %d: %+v", name, i, r)
				}
			}
		case ex.Value[0] == '{' && is(w, api.Outcomes.XARFAccepted):
		default:
			t.Errorf("example %s: %d %s", name, w.Code, w.Body)
		}
	}
}
