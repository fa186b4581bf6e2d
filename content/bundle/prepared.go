package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
)

// The prepared content is one line of JSON, the Bundle but its messages, then the
// messages: records, each its fields joined by unitSep: key, language, plural form (""
// for a text), text. The messages are nine tenths of it, and encoding/json, which reads
// every byte of its input twice, is slow in WebAssembly: kept out of the JSON, they cost
// the Worker's first request a split rather than a decoding.
type prepared struct {
	Rules    preparedRules    `json:"rules"`
	Provider *policy.Provider `json:"provider"`
	XARF     *policy.XARF     `json:"xarf"`
	Zone     []byte           `json:"zone"`
}

// The separators of the messages' records and fields: control characters no text has.
const (
	recordSep = "\x1e"
	unitSep   = "\x1f"
)

// preparedRules are the rules with their time zone named: its data is the Bundle's Zone.
type preparedRules struct {
	*policy.Rules
	Location string
}

// Prepare writes b, as content.Load made it, for Open to read back.
func Prepare(b *Bundle) ([]byte, error) {
	p := prepared{
		Rules:    preparedRules{Rules: b.Rules, Location: b.Rules.Location.String()},
		Provider: b.Provider, XARF: b.XARF, Zone: b.Zone,
	}
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
	// json.Marshal writes no line break: the first one ends the JSON.
	data, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("preparing the content: %w", err)
	}
	data = append(data, '\n')
	return append(data, strings.Join(records, recordSep)...), nil
}

// Open reads content Prepare wrote. It trusts what it reads, which content.Load checked when the
// site was built; only the time zone is loaded again. The Bundle has no Sources.
func Open(data []byte) (*Bundle, error) {
	head, messages, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return nil, fmt.Errorf("reading the prepared content: it has no messages")
	}
	var p prepared
	if err := json.Unmarshal(head, &p); err != nil {
		return nil, fmt.Errorf("reading the prepared content: %w", err)
	}
	if p.Rules.Rules == nil {
		return nil, fmt.Errorf("reading the prepared content: it has no rules")
	}
	loc, err := time.LoadLocationFromTZData(p.Rules.Location, p.Zone)
	if err != nil {
		return nil, fmt.Errorf("reading the prepared content: zone %s: %w", p.Rules.Location, err)
	}
	rules := p.Rules.Rules
	rules.Location = loc
	words := i18n.NewCatalog(rules.Languages)
	forms := map[i18n.Key]map[string]map[i18n.Plural]string{}
	for record := range strings.SplitSeq(string(messages), recordSep) {
		f := strings.Split(record, unitSep)
		if len(f) != 4 {
			return nil, fmt.Errorf("reading the prepared content: a message of %d fields", len(f))
		}
		key, lang, form, text := i18n.Key(f[0]), f[1], i18n.Plural(f[2]), f[3]
		if form == "" {
			words.Set(key, lang, text)
			continue
		}
		if forms[key] == nil {
			forms[key] = map[string]map[i18n.Plural]string{}
		}
		if forms[key][lang] == nil {
			forms[key][lang] = map[i18n.Plural]string{}
		}
		forms[key][lang][form] = text
	}
	for key, byLang := range forms {
		for lang, f := range byLang {
			words.SetForms(key, lang, f)
		}
	}
	return &Bundle{Rules: rules, Messages: words, Provider: p.Provider, XARF: p.XARF, Zone: p.Zone}, nil
}
