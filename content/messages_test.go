package content

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// shippedWith copies the shipped content tree with one file's text replaced by edit.
func shippedWith(t *testing.T, file string, edit func(string) string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(FS(), name)
		if err != nil {
			return err
		}
		if name == file {
			changed := edit(string(data))
			if changed == string(data) {
				t.Fatalf("the edit did not change %s", name)
			}
			data = []byte(changed)
		}
		m[name] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMessagesLoad(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Messages.Text("ru", "form.submit"); got != "Отправить жалобу" {
		t.Errorf("form.submit in ru: %q", got)
	}
	if got := b.Messages.Count("uk", "unit.hours", 12); got != "12 годин" {
		t.Errorf("12 hours in uk: %q", got)
	}
	for _, m := range b.Sources {
		if m.TranslatedFrom != m.Hash {
			t.Errorf("%s:%d: %s is shipped stale", m.File, m.Line, m.Key)
		}
	}
}

// TestMessageProblemsNameTheLine: what is wrong with a message is named with its file and
// line, whatever else the catalog holds.
func TestMessageProblemsNameTheLine(t *testing.T) {
	const form = "messages/form.yaml"
	good, err := fs.ReadFile(FS(), form)
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(text string) int {
		i := strings.Index(string(good), text)
		if i < 0 {
			t.Fatalf("fixture text %q not in %s", text, form)
		}
		return strings.Count(string(good[:i]), "\n") + 1
	}
	replace := func(old, new string) func(string) string {
		return func(s string) string { return strings.Replace(s, old, new, 1) }
	}
	for _, tc := range []struct {
		name, file string
		edit       func(string) string
		want       string
	}{
		{"a language missing", form, replace("    en: Send the report\n", ""),
			form + ":" + itoa(lineOf("  form.submit:")) + ": form.submit has no en: add its words in en"},
		{"a placeholder in one language only", form, replace("en: Sending… {percent}%", "en: Sending… {pct}%"),
			form + ":" + itoa(lineOf("en: Sending… {percent}%")) + ": form.sending_progress: en has {pct} where uk has {percent}"},
		{"a language the rules lack", form, replace("    en: Send the report\n", "    en: Send the report\n    de: Beschwerde senden\n"),
			form + ":" + itoa(lineOf("    en: Send the report")+1) + `: form.submit: "de" is not one of the languages of rules.yaml (uk, ru, en)`},
		{"a plural form missing", form, replace("      few: 'До {n} файлів'\n", ""),
			form + ":" + itoa(lineOf("      one: 'До {n} файлу'")) + `: attachments.files: uk lacks its "few" form`},
		{"a plural form a language does not have", form, replace("      one: 'Up to {n} file'\n", "      one: 'Up to {n} file'\n      few: 'Up to {n} files'\n"),
			form + ":" + itoa(lineOf("      one: 'Up to {n} file'")+1) + `: attachments.files: en has no plural form "few"; its forms are one, other`},
		{"a key written twice", "messages/typos.yaml", replace("  typo.button:", "  form.submit:"),
			`: form.submit is in messages/form.yaml:` + itoa(lineOf("  form.submit:")) + " too: keep one"},
		{"not a key", form, replace("  form.submit:", "  Form Submit:"),
			form + ":" + itoa(lineOf("  form.submit:")) + `: "Form Submit" is not a message key`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(shippedWith(t, tc.file, tc.edit))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestALanguageNoMessageHas is one problem, at the rules' languages, not one a message.
func TestALanguageNoMessageHas(t *testing.T) {
	_, _, err := loadMessages(FS(), []string{"uk", "ru", "en", "de"}, 5)
	want := "rules.yaml:5: languages: the message catalog (content/messages) has no de: add its words to every message there first"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %q", err, want)
	}
}
