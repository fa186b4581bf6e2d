package i18n

import (
	"strings"

	"abusedesk/content/policy"
)

// ProblemText says what is wrong with a field and how to put it right, in lang, for a
// problem of the given code (as the validators name it, schemas/report's Code): the
// field's own sentence where the catalog has one (problem.<field>.<code>), else a general
// one naming the field (problem.<code>). A problem with a limit, the bound that was
// crossed, has a sentence with a number in it (problem.<code> in plural forms).
func (c *Catalog) ProblemText(lang, field, code string, limit int) string {
	return c.ProblemTextIn(lang, "", field, code, limit)
}

// ProblemTextIn is ProblemText for a report of category (its id; "" for none chosen):
// the category's own sentence comes first where the catalog has one,
// problem.<field>.<code>.<category> (a hyphen of the id an underscore, as keys have no
// hyphens): the links a report of phishing lacks are not those one of fraud lacks.
func (c *Catalog) ProblemTextIn(lang, category, field, code string, limit int) string {
	if category != "" && limit == 0 {
		if own := Key("problem." + field + "." + code + "." + KeyWord(category)); c.has(lang, own) {
			return c.Text(lang, own)
		}
	}
	labelKey := Key("field." + field + ".label")
	label := c.Text(lang, labelKey)
	if !c.has(lang, labelKey) {
		label = field
	}
	if limit > 0 {
		return c.Count(lang, Key("problem."+code), limit, "label", label)
	}
	if own := Key("problem." + field + "." + code); c.has(lang, own) {
		return c.Text(lang, own)
	}
	if general := Key("problem." + code); c.has(lang, general) {
		return c.Text(lang, general, "label", label)
	}
	return c.Text(lang, "problem.pattern", "label", label)
}

// KeyWord makes an id of the rules (a category's, with hyphens) a word of a message key.
func KeyWord(id string) string { return strings.ReplaceAll(id, "-", "_") }

// Kinds names the kinds of file (as content/attachment names them) in lang, in the given
// order: "a PDF document, a PNG image, …".
func (c *Catalog) Kinds(lang string, kinds []string) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = c.Text(lang, Key("attachment.kind."+k))
	}
	return strings.Join(names, ", ")
}

// FileProblem says what is wrong with the attached file name, and what to do, in lang.
func (c *Catalog) FileProblem(lang, name string, p policy.FileProblem, a policy.Attachments) string {
	key := Key("file." + string(p))
	switch p {
	case policy.FileTooLarge:
		return c.Count(lang, key, int(a.MaxFileBytes>>20), "name", name)
	case policy.FilesTooLarge:
		return c.Count(lang, key, int(a.MaxTotalBytes>>20), "name", name)
	case policy.TooManyFiles:
		return c.Count(lang, key, a.MaxFiles, "name", name)
	case policy.FileType:
		return c.Text(lang, key, "name", name, "kinds", c.Kinds(lang, a.Types))
	}
	return c.Text(lang, key, "name", name)
}
