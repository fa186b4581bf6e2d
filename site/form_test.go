package site

import (
	"bytes"
	"testing"

	"abusedesk/schemas/report"
	"abusedesk/site/form"
)

// TestWorkerAnswerIsTheGeneratedPage: the Worker refills the page the generator wrote;
// the result must be exactly the page the generator writes for the same form.
func TestWorkerAnswerIsTheGeneratedPage(t *testing.T) {
	s := newSite(t)
	for _, p := range []form.Page{
		{Lang: "uk"},
		{Lang: "en", Values: map[string]string{"full_name": `O'Brien & <Sons>`, "email": "x", "message": "\nfirst line\n"},
			Problems: []report.Problem{{Field: "email", Code: report.BadEmail}, {Field: "category", Code: report.Required}}},
		{Lang: "ru", Values: map[string]string{"category": "botnet", "phone": "call me"},
			Problems: []report.Problem{{Field: "phone", Code: report.BadValue}, {Field: "full_name", Code: report.TooLong, Limit: 200}}},
	} {
		var static, want bytes.Buffer
		if err := s.RenderForm(&static, form.Page{Lang: p.Lang}); err != nil {
			t.Fatal(err)
		}
		if err := s.RenderForm(&want, p); err != nil {
			t.Fatal(err)
		}
		got, err := s.forms.Refill(static.Bytes(), p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: the Worker's page differs from the generator's:\n%s", p.Lang, firstDifference(got, want.Bytes()))
		}
	}
}

func TestRefillRefusesForeignPages(t *testing.T) {
	s := newSite(t)
	if _, err := s.forms.Refill([]byte("<html><title>x</title><body>no marks</body></html>"), form.Page{Lang: "en"}); err != form.ErrNoRegion {
		t.Errorf("err = %v, want ErrNoRegion", err)
	}
}

func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + string(a[from:min(len(a), i+80)]) + "…\nwant: …" + string(b[from:min(len(b), i+80)]) + "…"
}
