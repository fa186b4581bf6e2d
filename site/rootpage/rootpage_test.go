package rootpage

import (
	"strings"
	"testing"
)

func TestRootPageEdit(t *testing.T) {
	const page = `<!doctype html>
<html lang="uk">
<head>
<link rel="alternate" hreflang="ru" href="/ru/">
</head>
<body>
<ul>
  <li><a href="/uk/" hreflang="uk">Українська</a></li>
  <li class="x"><a href="/ru/" hreflang="ru">Русский</a></li>
  <li><a href="/en/" hreflang="en">English</a></li>
</ul>
</body>
</html>
`
	for _, tc := range []struct {
		name, page, lang, want string
	}{
		{"moved up", page, "ru", strings.NewReplacer(`<html lang="uk">`, `<html data-negotiated="ru" lang="uk">`,
			"<ul>\n  <li><a href=\"/uk/\" hreflang=\"uk\">Українська</a></li>\n  <li class=\"x\"><a href=\"/ru/\" hreflang=\"ru\">Русский</a></li>",
			"<ul>\n  <li class=\"x\"><a href=\"/ru/\" hreflang=\"ru\">Русский</a></li>\n  <li><a href=\"/uk/\" hreflang=\"uk\">Українська</a></li>").Replace(page)},
		{"the last moved up", page, "en", strings.NewReplacer(`<html lang="uk">`, `<html data-negotiated="en" lang="uk">`,
			"<ul>\n  <li><a href=\"/uk/\" hreflang=\"uk\">Українська</a></li>\n  <li class=\"x\"><a href=\"/ru/\" hreflang=\"ru\">Русский</a></li>\n  <li><a href=\"/en/\" hreflang=\"en\">English</a></li>",
			"<ul>\n  <li><a href=\"/en/\" hreflang=\"en\">English</a></li>\n  <li><a href=\"/uk/\" hreflang=\"uk\">Українська</a></li>\n  <li class=\"x\"><a href=\"/ru/\" hreflang=\"ru\">Русский</a></li>").Replace(page)},
		{"already first", page, "uk", strings.Replace(page, `<html lang="uk">`, `<html data-negotiated="uk" lang="uk">`, 1)},
		{"no link to it", page, "de", strings.Replace(page, `<html lang="uk">`, `<html data-negotiated="de" lang="uk">`, 1)},
		{"no list", "<html>\n<p>hello</p>\n</html>", "ru", "<html data-negotiated=\"ru\">\n<p>hello</p>\n</html>"},
		{"unclosed item", "<html><ul><li>a<li hreflang=\"ru\">b</ul></html>", "ru", "<html data-negotiated=\"ru\"><ul><li>a<li hreflang=\"ru\">b</ul></html>"},
		{"not a page", "hello", "ru", "hello"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(Edit([]byte(tc.page), tc.lang)); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
