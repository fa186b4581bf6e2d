package form

import (
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"abusedesk/content"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/formcheck"
)

// fakePage records what the form does to the page.
type fakePage struct {
	values   map[string]string
	errors   map[string]string
	summary  []Problem // nil while hidden
	headline string
	title    string
	previews [][]string
	sending  string // the submit button's label while disabled
	receipt  []string
}

func (p *fakePage) Value(field string) string    { return p.values[field] }
func (p *fakePage) ShowsError(field string) bool { return p.errors[field] != "" }
func (p *fakePage) ShowError(field, msg string)  { p.errors[field] = msg }
func (p *fakePage) HideSummary()                 { p.summary = nil }
func (p *fakePage) Title() string                { return p.title }
func (p *fakePage) SetTitle(title string)        { p.title = title }
func (p *fakePage) ShowPreview(lines []string)   { p.previews = append(p.previews, lines) }
func (p *fakePage) Sending(label string)         { p.sending = label }
func (p *fakePage) Sent()                        { p.sending = "" }
func (p *fakePage) ShowSummary(title string, ps []Problem) {
	p.headline, p.summary = title, ps
}
func (p *fakePage) ShowReceipt(title, reference string, lines []string) {
	p.receipt = append([]string{title, reference}, lines...)
}

func testRules(t *testing.T) *policy.Rules {
	t.Helper()
	rules, err := content.LoadRules(content.FS())
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// newForm follows a fresh page in lang, checking with Go's regexp as the Worker does.
func newForm(t *testing.T, lang string, values map[string]string) (*Form, *fakePage) {
	t.Helper()
	spec, err := schemas.FormSpec()
	if err != nil {
		t.Fatal(err)
	}
	check, err := formcheck.New(spec, func(p string) (formcheck.Matcher, error) {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, err
		}
		return re.MatchString, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page := &fakePage{values: values, errors: map[string]string{}, title: "Report abuse"}
	f := New(lang, check, testRules(t), page)
	f.Now = func() time.Time { return time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC) }
	return f, page
}

func validValues() map[string]string {
	return map[string]string{
		"lang": "en", "full_name": "Jane Roe", "email": "jane@example.com",
		"category": "spam", "message": "Spam from your network.", "message_headers": "Received: from mx.example.net",
	}
}

func TestLeavingAFieldChecksIt(t *testing.T) {
	f, page := newForm(t, "uk", map[string]string{"email": "jane@"})
	f.Left("email")
	if want := i18n.Text("uk", "err.email.email"); page.errors["email"] != want {
		t.Errorf("email error = %q, want %q", page.errors["email"], want)
	}
	page.values["email"] = "jane@example.com"
	f.Left("email")
	if page.errors["email"] != "" {
		t.Errorf("email error after fixing = %q", page.errors["email"])
	}
}

func TestEditingRechecksOnlyAShownError(t *testing.T) {
	f, page := newForm(t, "en", map[string]string{"phone": "call me"})
	f.Edited("phone")
	if page.errors["phone"] != "" {
		t.Errorf("typing showed an error before leaving the field: %q", page.errors["phone"])
	}
	f.Left("phone")
	if page.errors["phone"] == "" {
		t.Fatal("leaving a bad phone number showed no error")
	}
	page.values["phone"] = "+380 44 123 45 67"
	f.Edited("phone")
	if page.errors["phone"] != "" {
		t.Errorf("the error stayed after the number was put right: %q", page.errors["phone"])
	}
}

func TestHiddenAndUnknownFieldsAreLeftAlone(t *testing.T) {
	f, page := newForm(t, "en", map[string]string{"lang": "de"})
	f.Left("lang")
	f.Left("submit")
	f.Edited("")
	if len(page.errors) != 0 {
		t.Errorf("errors = %v, want none", page.errors)
	}
}

func TestPreviewFollowsTheCategory(t *testing.T) {
	f, page := newForm(t, "ru", map[string]string{"category": "spam"})
	rules := testRules(t)
	f.Start()
	spam, _ := rules.Category("spam")
	want := i18n.Preview("ru", rules.Deadlines(spam, f.Now()))
	if len(page.previews) != 1 || !slices.Equal(page.previews[0], want) {
		t.Fatalf("previews = %q, want [%q]", page.previews, want)
	}
	// A select fires input and change for one choice: the live region hears it once.
	f.Edited("category")
	if len(page.previews) != 1 {
		t.Errorf("the same preview was shown again: %q", page.previews)
	}
	page.values["category"] = ""
	f.Edited("category")
	if got := page.previews[len(page.previews)-1]; !slices.Equal(got, []string{i18n.Text("ru", "preview.choose")}) {
		t.Errorf("preview with no category = %q", got)
	}
}

func TestNoPreviewWithoutRules(t *testing.T) {
	f, page := newForm(t, "en", map[string]string{"category": "spam"})
	f.rules = nil
	f.Start()
	f.Edited("category")
	if len(page.previews) != 0 {
		t.Errorf("previews = %q, want none", page.previews)
	}
}

func TestSubmitWithProblems(t *testing.T) {
	f, page := newForm(t, "en", map[string]string{"lang": "en", "email": "x", "phone": "??", "category": "spam"})
	page.errors["category"] = "stale"
	for range 2 {
		if _, ok := f.Submit(); ok {
			t.Fatal("Submit accepted a form with problems")
		}
	}
	var fields []string
	for _, p := range page.summary {
		fields = append(fields, p.Field)
		if page.errors[p.Field] != p.Message {
			t.Errorf("%s shows %q, the summary %q", p.Field, page.errors[p.Field], p.Message)
		}
	}
	// Spam needs its headers: the category's evidence is required too.
	if want := []string{"full_name", "email", "phone", "message", "message_headers"}; !slices.Equal(fields, want) {
		t.Errorf("summary fields = %v, want %v", fields, want)
	}
	if page.errors["category"] != "" {
		t.Errorf("a valid field kept its error: %q", page.errors["category"])
	}
	if page.headline != "There is a problem" || page.title != "Error: Report abuse" {
		t.Errorf("headline %q, title %q", page.headline, page.title)
	}
	if page.sending != "" {
		t.Error("the form is sending a report with problems")
	}
}

func TestSubmitAndReceipt(t *testing.T) {
	f, page := newForm(t, "en", validValues())
	page.title = "Error: Report abuse"
	page.summary = []Problem{{"email", "old"}}
	values, ok := f.Submit()
	sent := map[string]string{}
	for _, field := range f.check.Spec().Fields {
		sent[field.Name] = validValues()[field.Name]
	}
	if !ok || !reflect.DeepEqual(values, sent) {
		t.Fatalf("Submit = %v, %v", values, ok)
	}
	if page.summary != nil || page.title != "Report abuse" || page.sending != "Sending…" {
		t.Errorf("while sending: summary %v, title %q, button %q", page.summary, page.title, page.sending)
	}
	if _, again := f.Submit(); again {
		t.Error("a second Submit while sending was accepted")
	}
	f.Answered(Answer{Reference: "AD-7", Deadlines: []string{"By Monday."}})
	want := []string{"Report received", "Your reference number is AD-7", i18n.Text("en", "receipt.keep"), "By Monday."}
	if !slices.Equal(page.receipt, want) || page.title != "Report received" || page.sending != "" {
		t.Errorf("receipt %q, title %q, button %q", page.receipt, page.title, page.sending)
	}
}

func TestServerProblemsShowLikeLocalOnes(t *testing.T) {
	f, page := newForm(t, "uk", validValues())
	f.Submit()
	f.Answered(Answer{Problems: []Problem{{"email", "Сервер: ні"}, {"lang", "Мова"}}})
	if page.errors["email"] != "Сервер: ні" || len(page.summary) != 2 || page.title != "Помилка: Report abuse" {
		t.Errorf("errors %v, summary %v, title %q", page.errors, page.summary, page.title)
	}
	if _, ok := f.Submit(); !ok {
		t.Error("the form cannot be sent again after the Worker's problems")
	}
}

func TestFailuresKeepTheForm(t *testing.T) {
	for _, tc := range []struct {
		answer Answer
		want   string
	}{
		{Answer{}, i18n.Text("ru", "form.network_error")},
		{Answer{Failure: "Сбой"}, "Сбой"},
	} {
		f, page := newForm(t, "ru", validValues())
		f.Submit()
		f.Answered(tc.answer)
		if !reflect.DeepEqual(page.summary, []Problem{{Message: tc.want}}) || page.receipt != nil || page.sending != "" {
			t.Errorf("%+v: summary %v, receipt %v, button %q", tc.answer, page.summary, page.receipt, page.sending)
		}
		if !reflect.DeepEqual(page.values, validValues()) {
			t.Errorf("values changed: %v", page.values)
		}
	}
}
