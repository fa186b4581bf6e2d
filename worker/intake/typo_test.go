package intake

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"abusedesk/schemas/api"
	"abusedesk/schemas/authority"
	"abusedesk/worker/email/mailtest"
	"abusedesk/worker/fake"
)

func (f *fixture) postTypo(t *testing.T, v any, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return f.do(http.MethodPost, api.TyposPath, "application/json", string(body), header...)
}

func fullTypo() map[string]any {
	return map[string]any{
		"lang":      "en",
		"page":      "/en/policy/",
		"selection": "  recieve  ",
		"comment":   "“receive”, i before e.\r\nAnd =3D is not a typo.",
		"context":   "We recieve complaints at any hour.",
	}
}

func TestAcceptsTypo(t *testing.T) {
	f := newFixture(t)
	w := f.postTypo(t, fullTypo())
	if !is(w, api.Outcomes.Thanks) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Thanks), w.Body)
	}
	var answer map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"message": "Thank you! Your note has reached the editors."}; !maps.Equal(answer, want) {
		t.Errorf("answer %v, want %v", answer, want)
	}
	if w.Header().Get("Content-Security-Policy") == "" {
		t.Error("the answer lacks the security headers")
	}
	if len(f.mailer.Sent) != 0 {
		t.Error("a typo note went to the abuse mailbox")
	}
	if len(f.editors.Sent) != 1 {
		t.Fatalf("the editors got %d messages, want 1", len(f.editors.Sent))
	}
	m := f.editors.Sent[0]
	if m.From != mailFrom || m.To != editorsTo {
		t.Errorf("envelope %s -> %s, want %s -> %s", m.From, m.To, mailFrom, editorsTo)
	}
	msg := mailtest.Read(t, m.Raw)
	for name, want := range map[string]string{
		"From":       `"Abuse desk" <` + mailFrom + ">",
		"To":         `"Editors" <` + editorsTo + ">",
		"Subject":    "[помилка] /en/policy/: recieve",
		"Message-ID": "<typo." + testRef + "@example.com>",
		"Date":       "Mon, 23 Nov 2026 10:00:00 +0200",
	} {
		if got := msg.HeaderText(t, name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if got, want := slices.Sorted(maps.Keys(msg.Header)), []string{
		"Content-Transfer-Encoding", "Content-Type", "Date", "From", "Message-Id", "Mime-Version", "Subject", "To",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("headers %q, want %q: a note is anonymous", got, want)
	}
	want := "Читач повідомив про помилку на сторінці /en/policy/ (23 листопада 2026 р. (понеділок), 10:00).\n" +
		"\nВиділений текст:\nrecieve\n" +
		"\nТекст навколо:\nWe recieve complaints at any hour.\n" +
		"\nКоментар читача:\n“receive”, i before e.\nAnd =3D is not a typo.\n"
	if msg.Body != want {
		t.Errorf("body\n%s\nwant\n%s", msg.Body, want)
	}
}

func TestTypoWithoutCommentOrContext(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("я", 500)
	w := f.postTypo(t, map[string]any{"lang": "uk", "page": "/uk/procedure/", "selection": long, "comment": "   "})
	if !is(w, api.Outcomes.Thanks) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Thanks), w.Body)
	}
	if !strings.Contains(w.Body.String(), "Дякуємо!") {
		t.Errorf("answer not in Ukrainian: %s", w.Body)
	}
	msg := mailtest.Read(t, f.editors.Sent[0].Raw)
	if want := "[помилка] /uk/procedure/: " + strings.Repeat("я", 59) + "…"; msg.HeaderText(t, "Subject") != want {
		t.Errorf("Subject %q, want %q", msg.HeaderText(t, "Subject"), want)
	}
	if !strings.Contains(msg.Body, "\n"+long+"\n") || !strings.HasSuffix(msg.Body, "\nКоментаря немає.\n") || strings.Contains(msg.Body, "Текст навколо") {
		t.Errorf("body:\n%s", msg.Body)
	}
}

func TestRefusesInvalidTypos(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  map[string]any
		want []api.Problem
	}{
		{
			name: "nothing selected, in Russian",
			doc:  map[string]any{"lang": "ru", "page": "/ru/policy/", "selection": " \n "},
			want: []api.Problem{{Field: "selection", Code: "required", Message: "Выделите текст с опечаткой"}},
		},
		{
			name: "too long",
			doc:  map[string]any{"lang": "uk", "page": "/uk/policy/", "selection": strings.Repeat("я", 501), "comment": strings.Repeat("x", 1001)},
			want: []api.Problem{
				{Field: "selection", Code: "too_long", Message: "Поле «Виділений текст» має містити не більше 500 символів"},
				{Field: "comment", Code: "too_long", Message: "Поле «Коментар» має містити не більше 1000 символів"},
			},
		},
		{
			name: "a page that is not the site's, and a field that is not the note's",
			doc:  map[string]any{"lang": "en", "page": "javascript:alert(1)", "selection": "x", "admin": true},
			want: []api.Problem{
				{Field: "page", Code: "pattern", Message: "Check “Page”: the value is not in the right format"},
				{Field: "admin", Code: "unknown", Message: "The form has no field “admin”"},
			},
		},
		{
			name: "an unknown language is answered in the provider's",
			doc:  map[string]any{"lang": "de", "page": "/en/policy/", "selection": "x"},
			want: []api.Problem{{Field: "lang", Code: "enum", Message: "Цією мовою скарги не приймаємо: оберіть українську, російську чи англійську"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			w := f.postTypo(t, tc.doc)
			if !is(w, api.Outcomes.TypoInvalid) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.TypoInvalid), w.Body)
			}
			var got struct{ Problems []api.Problem }
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Problems, tc.want) {
				t.Errorf("problems\n%+v\nwant\n%+v", got.Problems, tc.want)
			}
			if len(f.editors.Sent) != 0 {
				t.Error("an invalid note was mailed")
			}
		})
	}
}

func TestRefusesRequestsThatAreNotTypos(t *testing.T) {
	valid, err := json.Marshal(fullTypo())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, contentType, body string
		want                            api.Outcome
	}{
		{"GET", "GET", "", "", api.Outcomes.MethodNotAllowed},
		{"form-encoded, from a browser", "POST", "application/x-www-form-urlencoded", "lang=en&page=%2Fen%2F&selection=x", api.Outcomes.TypoMediaType},
		{"no content type", "POST", "", string(valid), api.Outcomes.TypoMediaType},
		{"broken JSON", "POST", "application/json", `{"lang":`, api.Outcomes.TypoUnreadable},
		{"two objects", "POST", "application/json", string(valid) + `{}`, api.Outcomes.TypoUnreadable},
		{"too large", "POST", "application/json", `{"lang":"en","comment":"` + strings.Repeat("x", maxTypoBody) + `"}`, api.Outcomes.TypoTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			w := f.do(tc.method, api.TyposPath, tc.contentType, tc.body, "Accept", browserAccept)
			if !is(w, tc.want) {
				t.Fatalf("status %d, want %s; body %s", w.Code, named(tc.want), w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q: the typo API answers JSON, whatever the client accepts", ct)
			}
			var got api.Error
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("answer is not JSON: %v: %s", err, w.Body)
			}
			if got.Error != tc.want.Code || got.Message == "" {
				t.Errorf("answer %+v, want %s with a message", got, named(tc.want))
			}
			if tc.want == api.Outcomes.MethodNotAllowed && w.Header().Get("Allow") != "POST" {
				t.Errorf("Allow %q, want POST", w.Header().Get("Allow"))
			}
			want := "Не вдалося прочитати повідомлення. Спробуйте ще раз."
			if tc.want == api.Outcomes.TypoTooLarge {
				want = "Повідомлення завелике. Виділіть коротший уривок і спробуйте ще раз."
			}
			if tc.want != api.Outcomes.MethodNotAllowed && got.Message != want {
				t.Errorf("message %q", got.Message)
			}
			if len(f.editors.Sent) != 0 {
				t.Error("something was mailed")
			}
		})
	}
}

func TestTypoHeaderInjectionIsHarmless(t *testing.T) {
	f := newFixture(t)
	doc := fullTypo()
	doc["selection"] = "x\r\nBcc: victim@example.com\r\n\r\nInjected body"
	if w := f.postTypo(t, doc); !is(w, api.Outcomes.Thanks) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.Thanks), w.Body)
	}
	msg := mailtest.Read(t, f.editors.Sent[0].Raw)
	if _, ok := msg.Header["Bcc"]; ok {
		t.Error("an injected Bcc header")
	}
	if got, want := msg.HeaderText(t, "Subject"), "[помилка] /en/policy/: x Bcc: victim@example.com Injected body"; got != want {
		t.Errorf("Subject %q, want %q", got, want)
	}
}

func TestEditorsMailboxFailureIsRefusedWith503(t *testing.T) {
	f := newFixture(t)
	f.editors.Err = errors.New("editors unreachable")
	doc := fullTypo()
	doc["lang"] = "ru"
	w := f.postTypo(t, doc)
	if !is(w, api.Outcomes.TypoUnavailable) {
		t.Fatalf("status %d, want %s; body %s", w.Code, named(api.Outcomes.TypoUnavailable), w.Body)
	}
	if !strings.Contains(w.Body.String(), "Сообщение не отправлено из-за сбоя на нашей стороне") {
		t.Errorf("answer %s", w.Body)
	}
	if log := f.log.String(); !strings.Contains(log, "editors unreachable") {
		t.Errorf("the failure is not logged: %s", log)
	}
}

func TestTyposNeedConfiguring(t *testing.T) {
	h, err := New(config(t, newSite(t), &fake.Mailer{}, fake.NewStore(), &fake.Queue{}))
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, api.TyposPath, strings.NewReader(`{}`)))
	if !is(w, api.Outcomes.NotFound) {
		t.Errorf("status %d without WithTypos, want %s", w.Code, named(api.Outcomes.NotFound))
	}
	typos, err := authority.Typo()
	if err != nil {
		t.Fatal(err)
	}
	v := Local(typos)
	for _, typos := range []Typos{
		{Validator: v, Mailbox: &fake.Mailer{}, Mail: mailtest.Writer(t), To: ""},
		{Validator: v, Mailbox: &fake.Mailer{}, Mail: mailtest.Writer(t), To: "editors at example"},
		{Mailbox: &fake.Mailer{}, Mail: mailtest.Writer(t), To: editorsTo},
		{Validator: v, Mail: mailtest.Writer(t), To: editorsTo},
	} {
		if _, err := New(config(t, newSite(t), &fake.Mailer{}, fake.NewStore(), &fake.Queue{}), WithTypos(typos)); err == nil {
			t.Error("New accepted a typo desk without a validator, a mailer or an address")
		}
	}
}
