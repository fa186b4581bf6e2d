package bundle

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
)

// The prepared content is its head, the Bundle but its messages (codec.go's form, after
// its length as an uvarint), then the messages, by language: for each, the language and
// its records, joined by recordSep; each record its fields joined by unitSep: key, plural
// form ("" for a text), text. The languages are joined by groupSep. The messages are nine
// tenths of it, and a language's are read only when the Worker first answers in it
// (i18n.Catalog.Defer).
type prepared struct {
	Rules    *policy.Rules
	Location string // the rules' time zone, whose data is Zone
	Provider *policy.Provider
	XARF     *policy.XARF
	Zone     []byte
}

// The separators of the messages' languages, records and fields: control characters no
// text has.
const (
	groupSep  = "\x1d"
	recordSep = "\x1e"
	unitSep   = "\x1f"
)

// Prepare writes b, as content.Load made it, for Open to read back.
func Prepare(b *Bundle) ([]byte, error) {
	rules := *b.Rules
	rules.Location = nil // named, and its data is Zone
	p := prepared{Rules: &rules, Location: b.Rules.Location.String(), Provider: b.Provider, XARF: b.XARF, Zone: b.Zone}
	var groups []string
	for _, lang := range b.Messages.Languages() {
		records := []string{lang}
		for _, key := range b.Messages.Keys() {
			text, forms, ok := b.Messages.Lookup(key, lang)
			switch {
			case !ok:
			case forms == nil:
				records = append(records, string(key)+unitSep+unitSep+text)
			default:
				for _, f := range i18n.Plurals(lang) {
					records = append(records, string(key)+unitSep+string(f)+unitSep+forms[f])
				}
			}
		}
		groups = append(groups, strings.Join(records, recordSep))
	}
	head, err := appendValue(nil, reflect.ValueOf(p))
	if err != nil {
		return nil, fmt.Errorf("preparing the content: %w", err)
	}
	data := binary.AppendUvarint(nil, uint64(len(head)))
	data = append(data, head...)
	return append(data, strings.Join(groups, groupSep)...), nil
}

// Open reads content Prepare wrote. It trusts what it reads, which content.Load checked when the
// site was built; only the time zone is loaded again. The Bundle has no Sources.
func Open(data []byte) (*Bundle, error) {
	// One copy of the whole: the head's strings and the messages are pieces of it.
	all := string(data)
	d := decoder{all}
	n, err := d.uvarint()
	if err != nil || n > uint64(len(d.s)) {
		return nil, fmt.Errorf("reading the prepared content: %w", errShort)
	}
	messages := d.s[n:]
	d.s = d.s[:n]
	var p prepared
	if err := d.value(reflect.ValueOf(&p).Elem()); err != nil {
		return nil, fmt.Errorf("reading the prepared content: %w", err)
	}
	if len(d.s) != 0 {
		return nil, fmt.Errorf("reading the prepared content: %d bytes too many in its head (a Worker and content built apart?)", len(d.s))
	}
	if p.Rules == nil {
		return nil, fmt.Errorf("reading the prepared content: it has no rules")
	}
	loc, err := time.LoadLocationFromTZData(p.Location, p.Zone)
	if err != nil {
		return nil, fmt.Errorf("reading the prepared content: zone %s: %w", p.Location, err)
	}
	rules := p.Rules
	rules.Location = loc
	words := i18n.NewCatalog(rules.Languages)
	for group := range strings.SplitSeq(messages, groupSep) {
		lang, records, _ := strings.Cut(group, recordSep)
		if !slices.Contains(rules.Languages, lang) {
			return nil, fmt.Errorf("reading the prepared content: messages in %q, not one of the rules' languages", lang)
		}
		words.Defer(lang, func(set func(i18n.Key, string, map[i18n.Plural]string)) { readMessages(records, set) })
	}
	return &Bundle{Rules: rules, Messages: words, Provider: p.Provider, XARF: p.XARF, Zone: p.Zone}, nil
}

// readMessages gives set each of a language's records (Prepare's), a plural message's
// forms together. Content that does not read is a build gone wrong, not a reporter's
// mistake, and panics.
func readMessages(records string, set func(i18n.Key, string, map[i18n.Plural]string)) {
	if records == "" {
		return
	}
	forms := map[i18n.Key]map[i18n.Plural]string{}
	for record := range strings.SplitSeq(records, recordSep) {
		// Cut, not Split: no slice made for each of hundreds of records.
		key, rest, ok1 := strings.Cut(record, unitSep)
		form, text, ok2 := strings.Cut(rest, unitSep)
		if !ok1 || !ok2 || strings.Contains(text, unitSep) {
			panic(fmt.Sprintf("bundle: a prepared message not of three fields: %.40q", record))
		}
		if form == "" {
			set(i18n.Key(key), text, nil)
			continue
		}
		k := i18n.Key(key)
		if forms[k] == nil {
			forms[k] = map[i18n.Plural]string{}
		}
		forms[k][i18n.Plural(form)] = text
	}
	for key, f := range forms {
		set(key, "", f)
	}
}
