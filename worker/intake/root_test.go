package intake

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"abusedesk/schemas/api"
	"abusedesk/worker/fake"
)

// getRoot asks for / with the given Accept-Language header lines.
func (f *fixture) getRoot(method string, acceptLanguage ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/", nil)
	for _, v := range acceptLanguage {
		r.Header.Add("Accept-Language", v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// listedLanguages are the languages the root page's links lead to, in the page's order.
func listedLanguages(page string) []string {
	var langs []string
	for _, m := range regexp.MustCompile(`<a href="/([a-z]+)/" hreflang="([a-z]+)"`).FindAllStringSubmatch(page, -1) {
		langs = append(langs, m[2])
	}
	return langs
}

func TestRootNegotiatesTheLanguage(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name   string
		header []string
		want   string
	}{
		{"no header: the provider's language", nil, "uk"},
		{"Russian", []string{"ru"}, "ru"},
		{"a region of English", []string{"en-US,en;q=0.9"}, "en"},
		{"Ukrainian first", []string{"uk-UA,uk;q=0.9,ru;q=0.8,en;q=0.7"}, "uk"},
		{"weights decide, not order", []string{"en;q=0.2, ru;q=0.8"}, "ru"},
		{"a weight of 0 refuses", []string{"ru;q=0, en;q=0.1"}, "en"},
		{"an unsupported language gets the default", []string{"de"}, "uk"},
		{"an unsupported language before a supported one", []string{"de-DE,de;q=0.9,en;q=0.5"}, "en"},
		{"only unsupported ones", []string{"fr-CH, fr;q=0.9, de;q=0.8"}, "uk"},
		{"any language", []string{"*"}, "uk"},
		{"a close relative", []string{"be-BY"}, "ru"},
		{"two header lines", []string{"de", "ru;q=0.5"}, "ru"},
		{"a malformed weight alone", []string{"ru;q=high"}, "uk"},
		{"a malformed entry is skipped", []string{"ru;q=high, en;q=0.5"}, "en"},
		{"a malformed tag is skipped", []string{"@@@, ru"}, "ru"},
		{"garbage", []string{";;;,,,=="}, "uk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := f.getRoot(http.MethodGet, tc.header...)
			if !is(w, api.Outcomes.Root) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Root), w.Body)
			}
			if got := w.Header().Get("Content-Language"); got != tc.want {
				t.Errorf("Content-Language %q, want %q", got, tc.want)
			}
			page := w.Body.String()
			if want := `data-negotiated="` + tc.want + `"`; !strings.Contains(page, want) {
				t.Errorf("page lacks %s", want)
			}
			if got := listedLanguages(page); len(got) != 3 || got[0] != tc.want {
				t.Errorf("languages listed %v, want %s first", got, tc.want)
			}
		})
	}
}

func TestRootPageIsTheGeneratedOneReordered(t *testing.T) {
	f := newFixture(t)
	generated, err := f.h.assets.Read(context.Background(), "/")
	if err != nil {
		t.Fatal(err)
	}
	if got := listedLanguages(string(generated)); !slices.Equal(got, f.rules.Languages) {
		t.Fatalf("the generated root page lists %v, want %v", got, f.rules.Languages)
	}
	if !strings.Contains(string(generated), `<script src="/assets/lang.js" defer></script>`) {
		t.Error("the generated root page does not load lang.js, which takes visitors to their language")
	}

	w := f.getRoot(http.MethodGet, "ru")
	for name, want := range map[string]string{
		"Content-Type":            "text/html; charset=utf-8",
		"Vary":                    "Accept-Language",
		"Cache-Control":           "no-cache",
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
	} {
		if got := w.Header().Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	page := w.Body.String()
	if got, want := listedLanguages(page), []string{"ru", "uk", "en"}; !slices.Equal(got, want) {
		t.Errorf("languages listed %v, want %v", got, want)
	}
	// Nothing else changes: the same lines, one moved, and the attribute.
	undone := strings.Replace(page, ` data-negotiated="ru"`, "", 1)
	gotLines, wantLines := strings.Split(undone, "\n"), strings.Split(string(generated), "\n")
	slices.Sort(gotLines)
	slices.Sort(wantLines)
	if !slices.Equal(gotLines, wantLines) {
		t.Errorf("the page changed beyond the order of its list:\n%s\nwas\n%s", page, generated)
	}
	if strings.Count(page, "\n") != strings.Count(string(generated), "\n") {
		t.Error("the list's lines were not kept whole")
	}
}

func TestRootHEADAndOtherMethods(t *testing.T) {
	f := newFixture(t)
	head := f.getRoot(http.MethodHead, "en")
	if !is(head, api.Outcomes.Root) || head.Body.Len() != 0 {
		t.Errorf("HEAD: status %d with %d bytes, want %s and no body", head.Code, head.Body.Len(), named(api.Outcomes.Root))
	}
	if head.Header().Get("Content-Language") != "en" || head.Header().Get("Vary") != "Accept-Language" {
		t.Errorf("HEAD headers %v", head.Header())
	}
	post := f.getRoot(http.MethodPost, "en")
	if !is(post, api.Outcomes.PlainMethodNotAllowed) || post.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q; want %s, GET, HEAD", post.Code, post.Header().Get("Allow"), named(api.Outcomes.PlainMethodNotAllowed))
	}
}

// brokenSite has no pages at all.
type brokenSite struct{}

func (brokenSite) Read(context.Context, string) ([]byte, error) {
	return nil, errors.New("assets binding unreachable")
}

func TestRootWithoutItsPageRedirects(t *testing.T) {
	var log strings.Builder
	h, err := New(config(t, brokenSite{}, &fake.Mailer{}, fake.NewStore(), &fake.Queue{}), WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept-Language", "ru-RU,ru;q=0.9")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if !is(w, api.Outcomes.RootRedirect) || w.Header().Get("Location") != "/ru/" {
		t.Errorf("status %d, Location %q; want %s to /ru/", w.Code, w.Header().Get("Location"), named(api.Outcomes.RootRedirect))
	}
	if w.Header().Get("Vary") != "Accept-Language" {
		t.Errorf("Vary %q", w.Header().Get("Vary"))
	}
	if !strings.Contains(log.String(), "assets binding unreachable") {
		t.Errorf("the failure is not logged: %s", log.String())
	}
}
