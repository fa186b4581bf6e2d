package content

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"abusedesk/content/bundle"
)

// The files of the content tree that Load reads; the pages are the site generator's.
const (
	RulesFile    = "rules.yaml"
	ProviderFile = "provider.yaml"
	XARFFile     = "xarf.yaml"
	// XARFInboundFile files the XARF reports machine reporters post under the rules'
	// categories.
	XARFInboundFile = "xarf-inbound.yaml"
)

// Option changes how Load reads the tree.
type Option func(*loader)

type loader struct {
	zone   func(name string) ([]byte, error)
	fields *fields
}

// fields are the report's fields that the rules may name: all of them, for required:, and
// those a category may ask for as evidence (evidence:).
type fields struct {
	all, evidence []string
}

// WithFields makes Load refuse, with its line, a rule that names a field not among all,
// the report's fields, or evidence that is not among evidence, those of its evidence
// group. The report's type defines them (schemas/report), above the rules, so it is given
// them: the programs that check what the legal team edits (the site's checks, the
// schema's generator) pass report.Names() and report.Group(report.EvidenceGroup). Without
// it the names are taken as written.
func WithFields(all, evidence []string) Option {
	return func(l *loader) { l.fields = &fields{all, evidence} }
}

// WithZones makes Load read the TZif data of the rules' time zone with zone rather than
// from the tree's zoneinfo folder: `make generate` reads Go's own zone database, to copy
// the zone there.
func WithZones(zone func(name string) ([]byte, error)) Option {
	return func(l *loader) { l.zone = zone }
}

// Load reads and checks the rules, the message catalog, the provider and the XARF mappings
// (outbound and inbound) of fsys, against each other. It reports every problem it finds in
// them, each naming its file and line (as Problems), or the first file it could not read.
func Load(fsys fs.FS, opts ...Option) (*bundle.Bundle, error) {
	l := loader{zone: func(name string) ([]byte, error) { return ZoneData(fsys, name) }}
	for _, o := range opts {
		o(&l)
	}
	data, err := readFile(fsys, RulesFile)
	if err != nil {
		return nil, err
	}
	rf, err := parseRules(RulesFile, data, l.zone, l.fields)
	if err != nil {
		// The other files are checked against the rules: without them, nothing to say.
		return nil, err
	}
	rules := rf.rules
	b := &bundle.Bundle{Rules: rules, Zone: rf.zone}
	if b.Unapproved, err = approvals(RulesFile, data); err != nil {
		return nil, err
	}
	for _, u := range b.Unapproved {
		for i := range rules.Categories {
			if c := &rules.Categories[i]; strings.HasPrefix(u.What, "categories."+c.ID+".") {
				c.Draft = true
			}
		}
	}
	var problems Problems
	collect := func(err error) error {
		var ps Problems
		if errors.As(err, &ps) {
			problems = append(problems, ps...)
			return nil
		}
		return err
	}
	if b.Messages, b.Sources, err = loadMessages(fsys, rules.Languages, rf.languagesLine); collect(err) != nil {
		return nil, err
	}
	for _, m := range b.Sources {
		if m.Unapproved != "" {
			b.Unapproved = append(b.Unapproved, bundle.Unapproved{File: m.File, Line: m.Line, What: "messages." + string(m.Key), Why: m.Unapproved})
		}
	}
	for _, f := range []struct {
		name  string
		parse func(data []byte) error
	}{
		{ProviderFile, func(data []byte) (err error) {
			if b.Provider, err = parseProvider(ProviderFile, data, rules.Languages); err != nil {
				return err
			}
			pending, err := approvals(ProviderFile, data)
			b.Unapproved = append(b.Unapproved, pending...)
			return err
		}},
		{XARFFile, func(data []byte) (err error) {
			b.XARF, err = parseXARF(XARFFile, data, rules)
			return err
		}},
		{XARFInboundFile, func(data []byte) (err error) {
			routes, err := parseXARFInbound(XARFInboundFile, data, rules)
			if b.XARF != nil {
				b.XARF.Routes = routes
			}
			if err != nil {
				return err
			}
			pending, err := approvals(XARFInboundFile, data)
			b.Unapproved = append(b.Unapproved, pending...)
			return err
		}},
	} {
		data, err := readFile(fsys, f.name)
		if err != nil {
			return nil, err
		}
		if err := collect(f.parse(data)); err != nil {
			return nil, err
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return b, nil
}

func readFile(fsys fs.FS, name string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", name, err)
	}
	return data, nil
}
