package bundle

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
)

// The prepared content is its head, the Bundle but its messages (codec.go's form, after
// its length as an uvarint), then the messages: records, each its fields joined by
// unitSep: key, language, plural form ("" for a text), text. The messages are nine tenths
// of it: kept out of the head, they cost the Worker's first request a split rather than a
// decoding.
type prepared struct {
	Rules    *policy.Rules
	Location string // the rules' time zone, whose data is Zone
	Provider *policy.Provider
	XARF     *policy.XARF
	Zone     []byte
}

// The separators of the messages' records and fields: control characters no text has.
const (
	recordSep = "\x1e"
	unitSep   = "\x1f"
)

// Prepare writes b, as content.Load made it, for Open to read back.
func Prepare(b *Bundle) ([]byte, error) {
	rules := *b.Rules
	rules.Location = nil // named, and its data is Zone
	p := prepared{Rules: &rules, Location: b.Rules.Location.String(), Provider: b.Provider, XARF: b.XARF, Zone: b.Zone}
	var records []string
	record := func(fields ...string) { records = append(records, strings.Join(fields, unitSep)) }
	for _, key := range b.Messages.Keys() {
		for _, lang := range b.Messages.Languages() {
			text, forms, _ := b.Messages.Lookup(key, lang)
			if forms == nil {
				record(string(key), lang, "", text)
				continue
			}
			for _, f := range i18n.Plurals(lang) {
				record(string(key), lang, string(f), forms[f])
			}
		}
	}
	head, err := appendValue(nil, reflect.ValueOf(p))
	if err != nil {
		return nil, fmt.Errorf("preparing the content: %w", err)
	}
	data := binary.AppendUvarint(nil, uint64(len(head)))
	data = append(data, head...)
	return append(data, strings.Join(records, recordSep)...), nil
}

// Open reads content Prepare wrote. It trusts what it reads, which content.Load checked when the
// site was built; only the time zone is loaded again. The Bundle has no Sources.
func Open(data []byte) (*Bundle, error) {
	n, size := binary.Uvarint(data)
	if size <= 0 || n > uint64(len(data)-size) {
		return nil, fmt.Errorf("reading the prepared content: %w", errShort)
	}
	head, messages := data[size:size+int(n)], data[size+int(n):]
	var p prepared
	d := decoder{head}
	if err := d.value(reflect.ValueOf(&p).Elem()); err != nil {
		return nil, fmt.Errorf("reading the prepared content: %w", err)
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("reading the prepared content: %d bytes too many in its head (a Worker and content built apart?)", len(d.b))
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
	forms := map[i18n.Key]map[string]map[i18n.Plural]string{}
	for record := range strings.SplitSeq(string(messages), recordSep) {
		// Cut, not Split: no slice made for each of thousands of records.
		key, rest, ok1 := strings.Cut(record, unitSep)
		lang, rest, ok2 := strings.Cut(rest, unitSep)
		form, text, ok3 := strings.Cut(rest, unitSep)
		if !ok1 || !ok2 || !ok3 || strings.Contains(text, unitSep) {
			return nil, fmt.Errorf("reading the prepared content: a message not of four fields: %.40q", record)
		}
		if form == "" {
			words.Set(i18n.Key(key), lang, text)
			continue
		}
		k := i18n.Key(key)
		if forms[k] == nil {
			forms[k] = map[string]map[i18n.Plural]string{}
		}
		if forms[k][lang] == nil {
			forms[k][lang] = map[i18n.Plural]string{}
		}
		forms[k][lang][i18n.Plural(form)] = text
	}
	for key, byLang := range forms {
		for lang, f := range byLang {
			words.SetForms(key, lang, f)
		}
	}
	return &Bundle{Rules: rules, Messages: words, Provider: p.Provider, XARF: p.XARF, Zone: p.Zone}, nil
}
