// Package bundle is the content tree as the programs use it, once content.Load has read
// and checked it, and in the form the site generator prepares for the Worker (Prepare,
// Open). It is apart from the loader so that the Worker, which only opens what was
// prepared, carries neither the YAML parser nor the checks, and starts faster for it.
package bundle

import (
	"strconv"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
)

// Bundle is what the programs read of the content tree, checked together: the
// rules, the message catalog in the rules' languages, the provider, the XARF mapping of
// the rules' categories, and the TZif data of the rules' time zone (the Worker and the
// browser module have no zone database).
type Bundle struct {
	Rules    *policy.Rules
	Messages *i18n.Catalog
	Provider *policy.Provider
	XARF     *policy.XARF
	// Zone is the TZif file of Rules.Location, as time.LoadLocationFromTZData reads it.
	Zone []byte
	// Sources are where the catalog's messages are written, for the site's checks.
	Sources []Message
	// Unapproved are the values of the rules and the provider's file that the legal team
	// has not approved yet.
	Unapproved []Unapproved
}

// Pending says why the value named what (Unapproved.What) waits for approval, if it does.
func (b *Bundle) Pending(what string) (why string, ok bool) {
	for _, u := range b.Unapproved {
		if u.What == what {
			return u.Why, true
		}
	}
	return "", false
}

// Message is where one message of the catalog is written, for the checks that name a line
// and the check that its translations are current.
type Message struct {
	Key  i18n.Key
	File string // within the content tree, e.g. messages/form.yaml
	Line int    // of the key
	// Langs is the line of each language's words.
	Langs map[string]int
	// Binding is the file's binding language; Hash identifies this version of the
	// message's words in it.
	Binding, Hash string
	// TranslatedFrom is the Hash of the binding words the other languages were translated
	// from, as the file says, on the line TranslatedAt.
	TranslatedFrom string
	TranslatedAt   int
	// Unapproved, when set, says why the legal team has yet to approve the message's
	// words (its unapproved: key).
	Unapproved string
}

// Unapproved is a value of a content file that the legal team has not approved yet, with
// where it is and why it waits: the pages show it marked so, `make check` lists it and
// `make deploy` refuses while any remain (README: Approval).
type Unapproved struct {
	File string
	Line int
	// What names the value by its keys from the file's top, list items by their id (or
	// their place, from 0): categories.fraud.hours, retention.case_records, hotlines.1.
	What string
	Why  string
}

func (u Unapproved) String() string {
	return u.File + ":" + strconv.Itoa(u.Line) + ": " + u.What + ": " + u.Why
}
