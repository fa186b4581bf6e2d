package intake

import (
	"encoding/json"
	"strings"
	"testing"

	"abusedesk/content/contenttest"
	"abusedesk/schemas/api"
)

// TestRequestErrorsSpeakTheVisitorsLanguage: a request that is not a report (or not one
// the schema accepts) is answered with the catalog's message in the language the visitor
// asks for, by Accept-Language when the body was not read or names none, and nothing is
// stored, queued or mailed.
func TestRequestErrorsSpeakTheVisitorsLanguage(t *testing.T) {
	huge := `{"message":"` + strings.Repeat("x", MaxBody) + `"}`
	for _, tc := range []struct {
		name, method, path, contentType, body string
		want                                  api.Outcome
	}{
		{"unknown API path", "GET", "/api/nothing", "", "", api.Outcomes.NotFound},
		{"report by GET", "GET", api.ReportsPath, "", "", api.Outcomes.MethodNotAllowed},
		{"typo by GET", "GET", api.TyposPath, "", "", api.Outcomes.MethodNotAllowed},
		{"deadlines by POST", "POST", api.DeadlinesPath, "application/json", "{}", api.Outcomes.MethodNotAllowed},
		{"listing without a token", "GET", api.PendingPath, "", "", api.Outcomes.Unauthorized},
		{"report as text", "POST", api.ReportsPath, "text/plain", "hello", api.Outcomes.MediaType},
		{"report as XML", "POST", api.ReportsPath, "application/xml", "<r/>", api.Outcomes.MediaType},
		{"broken JSON", "POST", api.ReportsPath, "application/json", "{", api.Outcomes.Unreadable},
		{"report too large", "POST", api.ReportsPath, "application/json", huge, api.Outcomes.TooLarge},
		{"typo note too large", "POST", api.TyposPath, "application/json", huge, api.Outcomes.TypoTooLarge},
		{"typo note as a form", "POST", api.TyposPath, "application/x-www-form-urlencoded", "a=b", api.Outcomes.TypoMediaType},
	} {
		for _, lang := range []string{"uk", "ru", "en"} {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				f := newFixture(t, WithAdminToken("s3cret"))
				w := f.do(tc.method, tc.path, tc.contentType, tc.body, "Accept-Language", lang+", de;q=0.5", "Accept", "application/json")
				if !is(w, tc.want) {
					t.Fatalf("status %d, want %s: %s", w.Code, named(tc.want), w.Body)
				}
				var got api.Error
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
					t.Fatalf("answer is not JSON: %v: %s", err, w.Body)
				}
				if want := contenttest.Bundle(t).Messages.Text(lang, tc.want.Key); got.Message != want {
					t.Errorf("message %q, want %q", got.Message, want)
				}
				if f.store.Puts != 0 || len(f.queue.Sent) != 0 || len(f.mailer.Sent) != 0 || len(f.editors.Sent) != 0 {
					t.Errorf("stored %d, queued %d, mailed %d+%d", f.store.Puts, len(f.queue.Sent), len(f.mailer.Sent), len(f.editors.Sent))
				}
			})
		}
	}
}

// TestErrorPageSpeaksTheVisitorsLanguage: a browser gets the same message on a page in
// its language.
func TestErrorPageSpeaksTheVisitorsLanguage(t *testing.T) {
	f := newFixture(t)
	w := f.do("DELETE", api.ReportsPath, "", "", "Accept-Language", "ru-RU,ru;q=0.9", "Accept", browserAccept)
	if !is(w, api.Outcomes.MethodNotAllowed) {
		t.Fatalf("status %d", w.Code)
	}
	page := w.Body.String()
	if !strings.Contains(page, `<html lang="ru">`) || !strings.Contains(page, contenttest.Bundle(t).Messages.Text("ru", "err.method")) {
		t.Errorf("page not in Russian:\n%s", page)
	}
}

// TestProblemsWithoutLangSpeakTheVisitorsLanguage: a report that names no language of
// the rules gets its problems in the one Accept-Language asks for.
func TestProblemsWithoutLangSpeakTheVisitorsLanguage(t *testing.T) {
	f := newFixture(t)
	w := f.do("POST", api.ReportsPath, "application/json", `{"lang":"de"}`, "Accept-Language", "en-GB")
	if !is(w, api.Outcomes.Invalid) {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got struct{ Problems []api.Problem }
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || len(got.Problems) == 0 {
		t.Fatalf("answer %s: %v", w.Body, err)
	}
	for _, p := range got.Problems {
		if strings.ContainsAny(p.Message, "абвгдеиклмнопрстуфхцчшщыьэюяіїєґ") {
			t.Errorf("%s: %q is not English", p.Field, p.Message)
		}
	}
}
