package formlogic

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"abusedesk/content/contenttest"
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas"
	"abusedesk/schemas/api"
	"abusedesk/schemas/browsercheck"
	"abusedesk/schemas/dom"
)

// fakeView records what the form does to the view.
type fakeView struct {
	values   map[string]string
	errors   map[string]string
	summary  []Problem // nil while hidden
	headline string
	title    string
	previews [][]string
	sending  string // the submit button's label while disabled
	receipt  []string
	links    []string        // the receipt's links, in order
	shown    map[string]bool // evidence fields as ShowField left them
	none     bool
	review   []Entry           // what the review step lists; nil while the fields show
	button   string            // the submit button's label
	focused  bool              // ShowFields moved focus to the first field
	texts    map[string]string // what a list shows for its chosen value, by field
	statuses []string          // what the status region said, in order
	warning  string            // the category whose warning shows
	hints    map[string]string // hints the module replaced
	renewed  []bool            // each Renew, with whether a new key was asked for
}

func (p *fakeView) ShowWarning(category string) { p.warning = category }
func (p *fakeView) ShowHint(field, text string) {
	if p.hints == nil {
		p.hints = map[string]string{}
	}
	p.hints[field] = text
}
func (p *fakeView) SetValue(field, value string) {
	if value == "" {
		delete(p.values, field)
	} else {
		p.values[field] = value
	}
}

func (p *fakeView) Renew(newKey bool) { p.renewed = append(p.renewed, newKey) }

func (p *fakeView) Status(text string) { p.statuses = append(p.statuses, text) }

func (p *fakeView) ShowReview(intro, label string, entries []Entry) {
	p.review, p.button = entries, label
}

// ShowFields clears the declarations' boxes, as the page does.
func (p *fakeView) ShowFields(label string, focus bool) {
	p.review, p.button, p.focused = nil, label, focus
	delete(p.values, "declaration")
	delete(p.values, "rights_declaration")
}

func (p *fakeView) ShowField(field string, shown bool) { p.shown[field] = shown }
func (p *fakeView) ShowNoEvidence(none bool)           { p.none = none }

func (p *fakeView) Value(field string) string { return p.values[field] }
func (p *fakeView) Shown(field string) string {
	if text, ok := p.texts[field]; ok {
		return text
	}
	return p.values[field]
}
func (p *fakeView) ShowsError(field string) bool { return p.errors[field] != "" }
func (p *fakeView) ShowError(field, msg string)  { p.errors[field] = msg }
func (p *fakeView) HideSummary()                 { p.summary = nil }
func (p *fakeView) Title() string                { return p.title }
func (p *fakeView) SetTitle(title string)        { p.title = title }
func (p *fakeView) ShowPreview(lines []string)   { p.previews = append(p.previews, lines) }
func (p *fakeView) Sending(label string)         { p.sending = label }
func (p *fakeView) Sent()                        { p.sending = "" }
func (p *fakeView) ShowSummary(title string, ps []Problem) {
	p.headline, p.summary = title, ps
}

// ShowReceipt records the receipt's text, each element's in order.
func (p *fakeView) ShowReceipt(title string, receipt dom.Node) {
	p.title = title
	p.receipt, p.links = nil, nil
	for _, n := range receipt.Children {
		text := n.Text
		for _, c := range n.Children {
			if c.Href != "" {
				p.links = append(p.links, c.Href)
			} else {
				text += c.Text // the reference's words around its number
			}
		}
		p.receipt = append(p.receipt, text)
	}
}

func testRules(t *testing.T) *policy.Rules {
	t.Helper()
	return contenttest.Bundle(t).Rules
}

// newForm follows a fresh page in lang, checking with Go's regexp as the Worker does.
func newForm(t *testing.T, lang string, values map[string]string) (*Form, *fakeView) {
	t.Helper()
	check, err := browsercheck.New(schemas.FormSpec(), func(p string) (browsercheck.Matcher, error) {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, err
		}
		return re.MatchString, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	page := &fakeView{values: values, errors: map[string]string{}, title: "Report abuse", shown: map[string]bool{}}
	f := New(lang, contenttest.Bundle(t).Messages, check, testRules(t), page)
	f.Now = func() time.Time { return time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC) }
	return f, page
}

// send takes a valid form through the review step, ticking the declaration there, and
// returns what Submit gives to send.
func send(t *testing.T, f *Form, page *fakeView, files []File) (map[string]string, bool) {
	t.Helper()
	if _, ok := f.Submit(files); ok {
		t.Fatal("Submit sent the report without the review step")
	}
	if page.review == nil {
		t.Fatalf("no review step; summary %v", page.summary)
	}
	page.values["declaration"] = "yes"
	return f.Submit(files)
}

func validValues() map[string]string {
	return map[string]string{
		"lang": "en", "requester": "person", "full_name": "Jane Roe", "email": "jane@example.com",
		"category": "spam", "resource": "mx.example.net", "message": "Spam from your network.",
		"channel": "email", "message_headers": "Received: from mx.example.net",
	}
}

func TestLeavingAFieldChecksIt(t *testing.T) {
	f, page := newForm(t, "uk", map[string]string{"requester": "person", "category": "spam", "email": "jane@"})
	f.Left("email")
	if want := contenttest.Bundle(t).Messages.Text("uk", "problem.email.email"); page.errors["email"] != want {
		t.Errorf("email error = %q, want %q", page.errors["email"], want)
	}
	page.values["email"] = "jane@example.com"
	f.Left("email")
	if page.errors["email"] != "" {
		t.Errorf("email error after fixing = %q", page.errors["email"])
	}
}

// TestPassingAFieldByIsNoMistake: leaving the first question unanswered says nothing yet
// (its error would push Review down under a tap already under way); sending does, and
// leaving it still unanswered then keeps the error.
func TestPassingAFieldByIsNoMistake(t *testing.T) {
	f, page := newForm(t, "en", map[string]string{})
	f.Left("requester")
	f.Left("full_name")
	if page.errors["requester"] != "" || page.errors["full_name"] != "" {
		t.Fatalf("leaving empty fields showed %v", page.errors)
	}
	f.Submit(nil)
	if page.errors["requester"] == "" {
		t.Fatal("sending without an answer showed no error")
	}
	// Nor is a field the reporter cannot see yet in the summary: it would link to nothing.
	if page.errors["full_name"] != "" {
		t.Errorf("sending before the first questions are answered flagged the hidden name: %q", page.errors["full_name"])
	}
	f.Left("requester")
	if page.errors["requester"] == "" {
		t.Error("leaving the unanswered field again took its error away")
	}
}

func TestEditingRechecksOnlyAShownError(t *testing.T) {
	f, page := newForm(t, "en", map[string]string{"requester": "person", "category": "spam", "phone": "call me"})
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
	want := contenttest.Bundle(t).Messages.Preview("ru", rules, spam, rules.Deadlines(spam, nil, f.Now()))
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
	if got := page.previews[len(page.previews)-1]; !slices.Equal(got, []string{contenttest.Bundle(t).Messages.Text("ru", "preview.choose")}) {
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
		if _, ok := f.Submit(nil); ok {
			t.Fatal("Submit accepted a form with problems")
		}
	}
	summarized := func() []string {
		var fields []string
		for _, p := range page.summary {
			fields = append(fields, p.Field)
			if page.errors[p.Field] != p.Message {
				t.Errorf("%s shows %q, the summary %q", p.Field, page.errors[p.Field], p.Message)
			}
		}
		return fields
	}
	// Who is reporting first: until it is answered, nothing else is on the screen to fix.
	if want := []string{"requester"}; !slices.Equal(summarized(), want) {
		t.Errorf("summary fields = %v, want %v", summarized(), want)
	}
	page.values["requester"] = "person"
	if _, ok := f.Submit(nil); ok {
		t.Fatal("Submit accepted a form with problems")
	}
	// Spam needs its channel, and most categories the reporter and the resource.
	if want := []string{"full_name", "email", "phone", "resource", "message", "channel"}; !slices.Equal(summarized(), want) {
		t.Errorf("summary fields = %v, want %v", summarized(), want)
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
	values, ok := send(t, f, page, nil)
	sent := map[string]string{"declaration": "yes"}
	for _, field := range f.check.Spec().Fields {
		if v, ok := validValues()[field.Name]; ok {
			sent[field.Name] = v
		}
	}
	for name := range values {
		if _, ok := sent[name]; !ok {
			sent[name] = ""
		}
	}
	if !ok || !reflect.DeepEqual(values, sent) {
		t.Fatalf("Submit = %v, %v", values, ok)
	}
	if page.summary != nil || page.title != "Report abuse" || page.sending != "Sending…" {
		t.Errorf("while sending: summary %v, title %q, button %q", page.summary, page.title, page.sending)
	}
	if _, again := f.Submit(nil); again {
		t.Error("a second Submit while sending was accepted")
	}
	f.Answered(Answer{Reference: "AD-7", Deadlines: []string{"By Monday."}, Notes: i18n.ReceiptNotes{Confirmation: true}})
	want := append([]string{"Report received", "Your reference number is AD-7"}, contenttest.Bundle(t).Messages.Receipt("en", []string{"By Monday."}, i18n.ReceiptNotes{Confirmation: true})...)
	if !slices.Equal(page.receipt, want) || page.title != "Report received" || page.sending != "" {
		t.Errorf("receipt %q, title %q, button %q", page.receipt, page.title, page.sending)
	}
	if page.renewed != nil {
		t.Errorf("a receipt renewed the form: %v", page.renewed)
	}

	// With the status link: the words to keep it after the reference, then the link.
	link := "https://abuse.example.com/en/status/?ref=AD-7&token=x"
	f.Answered(Answer{Reference: "AD-7", Deadlines: []string{"By Monday."}, Notes: i18n.ReceiptNotes{StatusURL: link}})
	if len(page.receipt) < 3 || page.receipt[2] != contenttest.Bundle(t).Messages.Text("en", "receipt.status")+" " || page.links[0] != link {
		t.Errorf("receipt %q, links %q", page.receipt, page.links)
	}
}

// TestAnAnswerThatTookNothingRenewsTheForm: after problems or a failure the form gets a
// new Turnstile challenge, and a new key only when the Worker says the key was another
// report's.
func TestAnAnswerThatTookNothingRenewsTheForm(t *testing.T) {
	for _, tc := range []struct {
		answer Answer
		want   []bool
	}{
		{Answer{Code: api.Outcomes.Invalid.Code, Problems: []Problem{{"email", "Bad"}}}, []bool{false}},
		{Answer{Code: api.Outcomes.NotHuman.Code, Failure: "Not a person"}, []bool{false}},
		{Answer{Code: api.Outcomes.EraseBusy.Code, Failure: "Busy"}, []bool{false}}, // a 409 as well, of another code
		{Answer{Code: api.Outcomes.KeyReused.Code, Failure: "Sent already"}, []bool{true}},
	} {
		f, page := newForm(t, "en", validValues())
		send(t, f, page, nil)
		f.Answered(tc.answer)
		if !slices.Equal(page.renewed, tc.want) {
			t.Errorf("%+v: renewed %v", tc.answer, page.renewed)
		}
	}
}

func TestServerProblemsShowLikeLocalOnes(t *testing.T) {
	f, page := newForm(t, "uk", validValues())
	send(t, f, page, nil)
	f.Answered(Answer{Problems: []Problem{{"email", "Сервер: ні"}, {"lang", "Мова"}}})
	if page.errors["email"] != "Сервер: ні" || len(page.summary) != 2 || page.title != "Помилка: Report abuse" {
		t.Errorf("errors %v, summary %v, title %q", page.errors, page.summary, page.title)
	}
	// The fields the problems are about show again, and the declaration is made anew.
	if page.review != nil || page.values["declaration"] != "" {
		t.Errorf("after the Worker's problems: review %v, declaration %q", page.review, page.values["declaration"])
	}
	if _, ok := send(t, f, page, nil); !ok {
		t.Error("the form cannot be sent again after the Worker's problems")
	}
}

func TestFailuresKeepTheForm(t *testing.T) {
	for _, tc := range []struct {
		answer Answer
		want   string
	}{
		{Answer{}, contenttest.Bundle(t).Messages.Text("ru", "form.network_error")},
		{Answer{Failure: "Сбой"}, "Сбой"},
	} {
		f, page := newForm(t, "ru", validValues())
		f.Submit(nil)
		f.Answered(tc.answer)
		if !reflect.DeepEqual(page.summary, []Problem{{Message: tc.want}}) || page.receipt != nil || page.sending != "" {
			t.Errorf("%+v: summary %v, receipt %v, button %q", tc.answer, page.summary, page.receipt, page.sending)
		}
		if !reflect.DeepEqual(page.values, validValues()) {
			t.Errorf("values changed: %v", page.values)
		}
	}
}

func TestEvidenceFollowsTheCategory(t *testing.T) {
	f, page := newForm(t, "en", map[string]string{"requester": "person", "category": "spam", "logs": "stale", "source_ip": "not an IP"})
	f.Start()
	if !page.shown["channel"] || page.shown["message_headers"] || page.shown["logs"] || page.shown["rights_documents"] || page.none {
		t.Errorf("spam: shown %v, none %v", page.shown, page.none)
	}
	// Spam's evidence follows its channel: headers for e-mail, the sender and the text
	// for the rest.
	page.values["channel"] = "email"
	f.Edited("channel")
	if !page.shown["message_headers"] || page.shown["sender"] {
		t.Errorf("spam by e-mail: shown %v", page.shown)
	}
	page.values["channel"] = "sms"
	f.Edited("channel")
	if page.shown["message_headers"] || !page.shown["sender"] || !page.shown["received_text"] {
		t.Errorf("spam by SMS: shown %v", page.shown)
	}
	page.values["channel"] = "email"
	f.Edited("channel")
	// A hidden field is neither checked nor sent.
	f.Left("source_ip")
	if page.errors["source_ip"] != "" {
		t.Errorf("a hidden field was checked: %q", page.errors["source_ip"])
	}
	page.values["category"] = "ddos"
	f.Edited("category")
	for _, field := range []string{"source_ip", "target", "time_window", "logs"} {
		if !page.shown[field] {
			t.Errorf("ddos: %s hidden", field)
		}
	}
	if page.shown["message_headers"] {
		t.Error("ddos: the spam headers still show")
	}
	page.values["category"] = "botnet"
	f.Edited("category")
	if !page.none || page.shown["source_ip"] {
		t.Errorf("botnet: shown %v, none %v", page.shown, page.none)
	}
	v := validValues()
	v["category"], v["source_ip"] = "malware", "not an IP"
	f, page = newForm(t, "en", v)
	values, ok := send(t, f, page, nil)
	if !ok || values["source_ip"] != "" || values["message_headers"] != "" {
		t.Errorf("Submit = %v, %v: evidence the category does not ask for was checked or sent", values, ok)
	}
}

func TestSpamWithoutHeadersIsBlocked(t *testing.T) {
	for lang, want := range map[string]string{
		"uk": "Вставте повні заголовки спам-листа", "ru": "Вставьте полные заголовки спам-письма", "en": "Paste the full headers of the spam message",
	} {
		v := validValues()
		delete(v, "message_headers")
		f, page := newForm(t, lang, v)
		if _, ok := f.Submit(nil); ok {
			t.Fatalf("%s: spam without headers was sent", lang)
		}
		if page.errors["message_headers"] != want || len(page.summary) != 1 {
			t.Errorf("%s: error %q, summary %v", lang, page.errors["message_headers"], page.summary)
		}
	}
}

func TestFilesAreCheckedByTheirFirstBytes(t *testing.T) {
	f, page := newForm(t, "en", validValues())
	pdf := File{Name: "claim.pdf", Size: 2 << 20, Head: []byte("%PDF-1.7\n")}
	exe := File{Name: "invoice.pdf", Size: 1000, Head: []byte("MZ\x90\x00\x03\x00\x00\x00")}
	big := File{Name: "scan.png", Size: 11 << 20, Head: []byte("\x89PNG\r\n\x1a\n")}
	f.FilesChosen([]File{pdf})
	if page.errors["attachments"] != "" {
		t.Errorf("a PDF was refused: %q", page.errors["attachments"])
	}
	if _, ok := f.Submit([]File{pdf, exe, big}); ok {
		t.Fatal("bad files were sent")
	}
	// The Worker's own sentences (content/i18n), so both sides say the same.
	want := "The file “invoice.pdf” was not accepted: its content is none of the kinds allowed (a PDF document, a PNG image, a JPEG image, plain text, a saved e-mail (.eml)). We tell the kind from the content, not the name.\n" +
		"The file “scan.png” is too large: each file must be 10 MiB or smaller."
	if page.errors["attachments"] != want {
		t.Errorf("files error %q, want %q", page.errors["attachments"], want)
	}
	if len(page.summary) != 2 || page.summary[0].Field != "attachments" {
		t.Errorf("summary %v", page.summary)
	}
	if page.values["full_name"] != "Jane Roe" {
		t.Error("a field was lost")
	}
	// The count and the total, judged file by file in order, as the Worker reads them.
	page1 := File{Name: "page.pdf", Size: 1000, Head: pdf.Head}
	f.FilesChosen(slices.Repeat([]File{page1}, 11))
	if want := "The file “page.pdf” was not accepted: a report can carry at most 10 files."; page.errors["attachments"] != want {
		t.Errorf("11 files: %q, want %q", page.errors["attachments"], want)
	}
	f.FilesChosen(slices.Repeat([]File{pdf}, 10)) // 2 MiB each
	if want := "The file “claim.pdf” was not accepted: all the files together must be 18 MiB or smaller."; page.errors["attachments"] != want {
		t.Errorf("20 MiB of files: %q, want %q", page.errors["attachments"], want)
	}
}

func TestPreviewInTheReportersZone(t *testing.T) {
	london := Zone{Name: func() string { return "Europe/London" }, Offset: func(t time.Time) int { return 0 }}
	f, page := newForm(t, "uk", map[string]string{"category": "spam"})
	f.Local = london
	f.Start()
	lines := page.previews[len(page.previews)-1]
	// Monday 23 November 2026, 12:00 in Kyiv: 24 working hours later is Wednesday 18:00
	// Kyiv, 16:00 in London; settled by the end of Saturday 28th in Kyiv, 21:59 in London.
	want := "За вашим часом (Europe/London): перевірять до 25 листопада 2026 р. (середа), 16:00, ухвалять рішення до 28 листопада 2026 р. (субота), 21:59."
	if len(lines) < 2 || lines[len(lines)-1] != want {
		t.Errorf("preview %q\nwant line %q", lines, want)
	}
	loc := testRules(t).Location
	// The browser's Intl, slow to start, is not asked when the clocks agree.
	kyiv := Zone{Name: func() string { t.Error("the zone's name was asked though the clocks agree"); return "Europe/Kyiv" }, Offset: func(at time.Time) int { _, o := at.In(loc).Zone(); return o }}
	f, page = newForm(t, "en", map[string]string{"category": "spam"})
	f.Local = kyiv
	f.Start()
	for _, line := range page.previews[len(page.previews)-1] {
		if strings.Contains(line, "your time zone") {
			t.Errorf("a reporter in Kyiv is shown Kyiv time twice: %q", line)
		}
	}
}

func TestReviewBeforeTheDeclaration(t *testing.T) {
	f, page := newForm(t, "uk", validValues())
	spam, _ := testRules(t).Category("spam")
	person, _ := testRules(t).Requester("person")
	words := contenttest.Bundle(t).Messages
	page.texts = map[string]string{"category": spam.Title["uk"], "requester": person.Title["uk"], "channel": words.Text("uk", "channel.email")}
	f.Start()
	if page.button != "Перевірити скаргу" {
		t.Errorf("the button reads %q before the review", page.button)
	}
	pdf := File{Name: "claim.pdf", Size: 2 << 20, Head: []byte("%PDF-1.7\n")}
	if _, ok := f.Submit([]File{pdf}); ok {
		t.Fatal("the first Submit sent the report")
	}
	if len(page.summary) != 0 || page.errors["declaration"] != "" {
		t.Errorf("the declaration was asked for before the review: summary %v", page.summary)
	}
	label := func(field string) string { return words.Text("uk", i18n.Key("field."+field+".label")) }
	want := []Entry{
		{label("requester"), person.Title["uk"]},
		{"Що сталося", spam.Title["uk"]}, {"Строки розгляду", strings.Join(page.previews[len(page.previews)-1], "\n")},
		{"Повне імʼя", "Jane Roe"}, {"Електронна пошта", "jane@example.com"},
		// Left clear, the choice is listed all the same: the customer is not told who complained.
		{words.Text("uk", "review.identity"), words.Text("uk", "identity.withheld")},
		{label("resource"), "mx.example.net"}, {"Опис зловживання", "Spam from your network."},
		{label("channel"), words.Text("uk", "channel.email")}, {label("message_headers"), "Received: from mx.example.net"},
		{"Файли", "claim.pdf"},
	}
	if !reflect.DeepEqual(page.review, want) || page.button != "Надіслати скаргу" {
		t.Errorf("review %q, button %q;\nwant %q", page.review, page.button, want)
	}
	// Sending without the box ticked says so, and stays on the review step.
	if _, ok := f.Submit([]File{pdf}); ok {
		t.Fatal("sent without the declaration")
	}
	if want := contenttest.Bundle(t).Messages.Text("uk", "problem.declaration.required"); page.errors["declaration"] != want || len(page.summary) != 1 || page.review == nil {
		t.Errorf("declaration error %q, summary %v, review %v", page.errors["declaration"], page.summary, page.review != nil)
	}
	// Change goes back to the fields, with focus, and clears the box and its error.
	page.values["declaration"] = "yes"
	f.Change()
	if page.review != nil || !page.focused || page.values["declaration"] != "" || page.errors["declaration"] != "" || page.button != "Перевірити скаргу" {
		t.Errorf("after Change: review %v, focused %v, declaration %q, error %q, button %q", page.review, page.focused, page.values["declaration"], page.errors["declaration"], page.button)
	}
	if values, ok := send(t, f, page, []File{pdf}); !ok || values["declaration"] != "yes" {
		t.Errorf("Submit from the review step = %v, %v", values, ok)
	}
	// A failure to send keeps the review step, for another try.
	f.Answered(Answer{Failure: "down"})
	if page.review == nil {
		t.Error("a failure to send left the review step")
	}
}

func TestSendingIsAnnounced(t *testing.T) {
	f, page := newForm(t, "uk", validValues())
	f.Progress(1, 2) // nothing is being sent yet
	if _, ok := send(t, f, page, nil); !ok {
		t.Fatal("not sent")
	}
	const mib = 1 << 20
	for _, sent := range []float64{0, 0.5 * mib, 1 * mib, 1.1 * mib, 4.9 * mib, 5 * mib, 10 * mib, 10 * mib} {
		f.Progress(sent, 10*mib)
	}
	f.Answered(Answer{Failure: "down"})
	want := []string{"Надсилаємо…", "Надсилаємо… 10 %", "Надсилаємо… 40 %", "Надсилаємо… 50 %", "Надсилаємо… 100 %", ""}
	if !slices.Equal(page.statuses, want) {
		t.Errorf("status said %q, want %q", page.statuses, want)
	}
}

// TestClaimPreviewFollowsTheRequester: a category whose hours start on a claim previews
// them as started by a court's report, and as not started by anyone else's.
func TestClaimPreviewFollowsTheRequester(t *testing.T) {
	words := contenttest.Bundle(t).Messages
	f, page := newForm(t, "en", map[string]string{"category": "copyright"})
	f.Start()
	last := func() string { return strings.Join(page.previews[len(page.previews)-1], "\n") }
	if !strings.Contains(last(), "start only when a court") {
		t.Errorf("no requester yet: %q", last())
	}
	page.values["requester"] = "rights-holder"
	f.Edited("requester")
	if want := words.Count("en", "preview.on_claim.elsewhere", 12); !strings.Contains(last(), want) {
		t.Errorf("a rights holder: %q, want %q", last(), want)
	}
	page.values["requester"] = "court"
	f.Edited("requester")
	if want := words.Count("en", "preview.on_claim.filed", 12); !strings.Contains(last(), want) || !strings.Contains(last(), "At the latest") {
		t.Errorf("a court: %q, want %q and a time", last(), want)
	}
	// A court sends its case and order: it neither declares rights nor lists documents
	// proving them.
	if page.shown["rights_declaration"] || page.shown["rights_documents"] || !page.shown["case_number"] {
		t.Errorf("copyright by a court: shown %v", page.shown)
	}
	// The rights declaration and documents are asked of a rights holder, in the
	// intellectual-property category alone.
	page.values["requester"] = "rights-holder"
	f.Edited("requester")
	if !page.shown["rights_declaration"] || !page.shown["rights_documents"] || page.shown["case_number"] {
		t.Errorf("copyright by a rights holder: shown %v", page.shown)
	}
	page.values["category"] = "spam"
	f.Edited("category")
	if page.shown["rights_declaration"] || page.shown["rights_documents"] {
		t.Error("spam: the rights declaration shows")
	}
}

// TestChildAbuseMaterialTakesNoFiles: the category hides the file chooser, refuses any
// file chosen, shows its warning, and lets the reporter stay unnamed.
func TestChildAbuseMaterialTakesNoFiles(t *testing.T) {
	words, rules := contenttest.Bundle(t).Messages, testRules(t)
	v := map[string]string{"lang": "en", "requester": "person", "category": "csam",
		"message": "Found while searching.", "evidence_urls": "https://bad.example.net/a"}
	f, page := newForm(t, "en", v)
	f.Start()
	if page.shown[filesField] || page.warning != "csam" {
		t.Errorf("csam: files shown %v, warning %q", page.shown[filesField], page.warning)
	}
	pdf := File{Name: "shot.png", Size: 1000, Head: []byte("\x89PNG\r\n\x1a\n")}
	f.FilesChosen([]File{pdf})
	if want := words.FileProblem("en", "shot.png", policy.FileRefused, rules.Attachments); page.errors[filesField] != want {
		t.Errorf("a file chosen: %q, want %q", page.errors[filesField], want)
	}
	if _, ok := send(t, f, page, nil); !ok {
		t.Errorf("an unnamed report of csam was refused: %v", page.summary)
	}
	page.values["category"] = "spam"
	f.Edited("category")
	if !page.shown[filesField] || page.warning != "spam" {
		t.Errorf("spam: files shown %v, warning %q", page.shown[filesField], page.warning)
	}
}

// TestAuthorityNamesItsCase: a court gives its case number and who issued it, and attaches
// the order.
func TestAuthorityNamesItsCase(t *testing.T) {
	words := contenttest.Bundle(t).Messages
	v := validValues()
	v["requester"] = "court"
	f, page := newForm(t, "en", v)
	f.Start()
	if !page.shown["case_number"] || !page.shown["issuing_body"] {
		t.Fatalf("a court: shown %v", page.shown)
	}
	f.Submit(nil)
	var fields []string
	for _, p := range page.summary {
		fields = append(fields, p.Field)
	}
	if want := []string{"case_number", "issuing_body", filesField}; !slices.Equal(fields, want) {
		t.Errorf("summary fields %v, want %v", fields, want)
	}
	if want := words.Text("en", "problem.attachments.required"); page.errors[filesField] != want {
		t.Errorf("files: %q, want %q", page.errors[filesField], want)
	}
	page.values["case_number"], page.values["issuing_body"] = "757/1234/26", "Pecherskyi District Court of Kyiv"
	order := File{Name: "order.pdf", Size: 1000, Head: []byte("%PDF-1.7\n")}
	if _, ok := send(t, f, page, []File{order}); !ok {
		t.Errorf("a complete report by a court was refused: %v", page.summary)
	}
}

// TestTheReportersClock: the time the abuse happened is sent with the offset of the
// reporter's clock at that time, and the field says whose clock it is when it is not the
// provider's (ShowClock, after Start).
func TestTheReportersClock(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	zoneOf := func(loc *time.Location) Zone {
		return Zone{Name: func() string { return "Eastern Time" }, Offset: func(at time.Time) int { _, o := at.In(loc).Zone(); return o }}
	}
	v := validValues()
	v["occurred_at"] = "2026-11-22T21:15"
	f, page := newForm(t, "en", v)
	f.Local = zoneOf(newYork)
	f.Start()
	if _, changed := page.hints["occurred_at"]; changed {
		t.Errorf("Start named the zone, which waits for ShowClock: %q", page.hints["occurred_at"])
	}
	f.ShowClock()
	if !strings.Contains(page.hints["occurred_at"], "Eastern Time") {
		t.Errorf("the hint says %q", page.hints["occurred_at"])
	}
	// The offset is set with the time, so any send of the form carries it.
	if page.values["occurred_offset"] != "-05:00" {
		t.Errorf("after Start, offset %q", page.values["occurred_offset"])
	}
	page.values["occurred_at"] = "2026-06-01T12:00"
	f.Edited("occurred_at")
	if page.values["occurred_offset"] != "-04:00" {
		t.Errorf("after an edit, offset %q", page.values["occurred_offset"])
	}
	page.values["occurred_at"] = "2026-11-22T21:15"
	f.Edited("occurred_at")
	if values, ok := send(t, f, page, nil); !ok || page.values["occurred_offset"] != "-05:00" {
		t.Errorf("sent %v (%v), offset %q, want -05:00", values, ok, page.values["occurred_offset"])
	}
	// In July New York is four hours behind; the offset is the one in force then.
	summer := validValues()
	summer["occurred_at"] = "2026-07-01T09:00"
	f, page = newForm(t, "en", summer)
	f.Local = zoneOf(newYork)
	f.Submit(nil)
	if page.values["occurred_offset"] != "-04:00" {
		t.Errorf("summer offset %q, want -04:00", page.values["occurred_offset"])
	}
	// A reporter on the provider's clock sees its hint unchanged, and sends its offset.
	v = validValues()
	v["occurred_at"] = "2026-11-22T21:15"
	f, page = newForm(t, "en", v)
	f.Local = zoneOf(testRules(t).Location)
	f.Start()
	f.ShowClock()
	if _, changed := page.hints["occurred_at"]; changed {
		t.Errorf("the hint changed for a reporter in Kyiv: %q", page.hints["occurred_at"])
	}
	send(t, f, page, nil)
	if page.values["occurred_offset"] != "+02:00" {
		t.Errorf("Kyiv offset %q, want +02:00", page.values["occurred_offset"])
	}
}

// TestReviewShowsTheIdentityChoice: ticked, the review says the customer learns who
// complained, and the box is sent; clear, it says they do not, and nothing is sent for it.
func TestReviewShowsTheIdentityChoice(t *testing.T) {
	words := contenttest.Bundle(t).Messages
	for _, shared := range []bool{true, false} {
		values := validValues()
		if shared {
			values["share_identity"] = "yes"
		}
		f, page := newForm(t, "en", values)
		f.Start()
		sent, ok := send(t, f, page, nil)
		if !ok {
			t.Fatal("not sent")
		}
		want := Entry{words.Text("en", "review.identity"), words.Identity("en", shared, "identity.shared", "identity.withheld")}
		if !slices.Contains(page.review, want) {
			t.Errorf("shared %v: review %q lacks %q", shared, page.review, want)
		}
		if got := sent["share_identity"]; got != map[bool]string{true: "yes", false: ""}[shared] {
			t.Errorf("shared %v: sent %q", shared, got)
		}
	}
}

// TestReviewShowsTheTimeAsTyped: the review step gives the time of the abuse in the
// reporter's language, on the clock it was typed on (theirs, named, when it is not Kyiv's),
// never as the field's "2026-12-05T09:30".
func TestReviewShowsTheTimeAsTyped(t *testing.T) {
	occurred := func(entries []Entry) string {
		for _, e := range entries {
			if e.Label == contenttest.Bundle(t).Messages.Text("en", "field.occurred_at.label") {
				return e.Value
			}
		}
		return ""
	}
	v := validValues()
	v["occurred_at"] = "2026-12-05T09:30"
	f, page := newForm(t, "en", v)
	f.Start()
	f.Submit(nil)
	if got, want := occurred(page.review), "Saturday 5 December 2026, 09:30 (Kyiv time)"; got != want {
		t.Errorf("on Kyiv's clock: %q, want %q", got, want)
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	f, page = newForm(t, "en", v)
	f.Local = Zone{Name: func() string { return "Eastern Time" }, Offset: func(at time.Time) int { _, o := at.In(newYork).Zone(); return o }}
	f.Start()
	f.Submit(nil)
	if got, want := occurred(page.review), "Saturday 5 December 2026, 09:30 (your device's time, Eastern Time)"; got != want {
		t.Errorf("on New York's clock: %q, want %q", got, want)
	}
}
