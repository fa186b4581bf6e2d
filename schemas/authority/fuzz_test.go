package authority

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"abusedesk/schemas"
	"abusedesk/schemas/browsercheck"
)

// FuzzValidatorsAgree is the differential test behind the shared vectors: starting from
// each vector, one field is given any value, and the Worker's validator and the browser's
// must find the same problems. (The browser's patterns run on the browser's RegExp; here
// both run on Go's, so what is compared is the validators' logic.)
func FuzzValidatorsAgree(f *testing.F) {
	vectors := loadVectors(f)
	spec := schemas.FormSpec()
	for i, vc := range vectors {
		for j, field := range spec.Fields {
			f.Add(i, j, vc.Values[field.Name])
		}
		f.Add(i, 0, "")
	}
	f.Add(0, 1, "a@b")
	f.Add(0, 1, "x\r\nBcc: victim@example.com")
	f.Add(0, 2, "+380 (44) 123-45-67")
	authority, lite := newCheckers(f)
	f.Fuzz(func(t *testing.T, vi, fi int, value string) {
		if !utf8.ValidString(value) {
			t.Skip("a browser sends only UTF-8")
		}
		vc := vectors[uint(vi)%uint(len(vectors))]
		field := spec.Fields[uint(fi)%uint(len(spec.Fields))].Name
		values := map[string]string{}
		for k, v := range vc.Values {
			values[k] = v
		}
		values[field] = value
		normalized := map[string]string{}
		for k, v := range values {
			normalized[k] = browsercheck.Normalize(v)
		}
		got, want := lite.Check(normalized), authority.Validate(schemas.Normalize(values))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %q on vector %q:\nbrowser %v\nWorker  %v", field, value, vc.Name, got, want)
		}
	})
}
