package content

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"abusedesk/content/attachment"
	"abusedesk/content/policy"
)

// rawRules mirrors rules.yaml. Nodes are kept for the items of lists, so a check names the
// line of the item that is wrong.
type rawRules struct {
	Languages        []string              `yaml:"languages"`
	TimeZone         string                `yaml:"time_zone"`
	WorkingDays      []yaml.Node           `yaml:"working_days"`
	WorkingHours     string                `yaml:"working_hours"`
	ProcessWithin    lined[rawProcess]     `yaml:"process_within"`
	SettleWithinDays int                   `yaml:"settle_within_days"`
	Holidays         lined[rawHolidays]    `yaml:"holidays"`
	Requesters       []lined[rawRequester] `yaml:"requesters"`
	Required         []yaml.Node           `yaml:"required"`
	Declaration      yaml.Node             `yaml:"declaration"`
	RightsDecl       yaml.Node             `yaml:"rights_declaration"`
	Attachments      lined[rawAttachments] `yaml:"attachments"`
	Retention        lined[rawRetention]   `yaml:"retention"`
	Categories       []lined[rawCategory]  `yaml:"categories"`
	Outcomes         []lined[rawOutcome]   `yaml:"outcomes"`
	Measures         []lined[rawMeasure]   `yaml:"measures"`
	Notes            []lined[rawNote]      `yaml:"notes"`
}

type rawRetention struct {
	DeliveredReports int `yaml:"delivered_reports"`
	IdempotencyKeys  int `yaml:"idempotency_keys"`
	CaseRecords      int `yaml:"case_records"`
}

type rawProcess struct {
	Hours int    `yaml:"hours"`
	Clock string `yaml:"clock"`
}

type rawRequester struct {
	ID           string            `yaml:"id"`
	Authority    bool              `yaml:"authority"`
	RightsHolder bool              `yaml:"rights_holder"`
	Title        map[string]string `yaml:"title"`
}

type rawHolidays struct {
	Fixed          []yaml.Node        `yaml:"fixed"`
	OrthodoxEaster []int              `yaml:"orthodox_easter"`
	Suspended      []lined[rawPeriod] `yaml:"suspended"`
}

type rawPeriod struct {
	From  yaml.Node `yaml:"from"`
	Until yaml.Node `yaml:"until"`
}

type rawAttachments struct {
	MaxFiles    int         `yaml:"max_files"`
	MaxFileMiB  int         `yaml:"max_file_mib"`
	MaxTotalMiB int         `yaml:"max_total_mib"`
	Types       []yaml.Node `yaml:"types"`
}

type rawCategory struct {
	ID             string            `yaml:"id"`
	Hours          int               `yaml:"hours"`
	Starts         string            `yaml:"starts"`
	BlockedAtOnce  bool              `yaml:"blocked_at_once"`
	Advisory       bool              `yaml:"advisory"`
	CaseByCase     bool              `yaml:"case_by_case"`
	Disabled       bool              `yaml:"disabled_when_verified"`
	Clock          string            `yaml:"clock"`
	Title          map[string]string `yaml:"title"`
	Rule           map[string]string `yaml:"rule"`
	Warning        map[string]string `yaml:"warning"`
	Evidence       []yaml.Node       `yaml:"evidence"`
	RightsEvidence []yaml.Node       `yaml:"rights_evidence"`
	Optional       []yaml.Node       `yaml:"optional"`
	Files          *bool             `yaml:"files"`
	Urgent         bool              `yaml:"urgent"`
	NoDraft        bool              `yaml:"no_draft"`
	RightsHolder   bool              `yaml:"rights_holder"`
	Measures       []yaml.Node       `yaml:"measures"`
	DSACategory    string            `yaml:"dsa_category"`
}

// maxMailBytes is the largest message Cloudflare's send_email delivers. The Worker decides
// exactly, as it takes each report, whether its mail fits (worker/email, Message.Fits); the
// rules' total on files must leave mailReserve beside the files at their most, so that a
// report with every file allowed and a short text fits: the files' part headers, the text
// and the XARF part of a short report are under a tenth of it.
const (
	maxMailBytes = 25 << 20
	mailReserve  = 256 << 10
)

var (
	weekdays  = map[string]time.Weekday{"Sun": time.Sunday, "Mon": time.Monday, "Tue": time.Tuesday, "Wed": time.Wednesday, "Thu": time.Thursday, "Fri": time.Friday, "Sat": time.Saturday}
	hoursSpan = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$`)
	monthDay  = regexp.MustCompile(`^(\d\d)-(\d\d)$`)
	idSyntax  = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// rulesFile is the rules as their file gives them.
type rulesFile struct {
	rules *policy.Rules
	// zone is the TZif data of the rules' time zone.
	zone []byte
	// languagesLine is where the languages are named.
	languagesLine int
}

// parseRules decodes and checks the rules file, reading the data of its time zone with
// zone.
func parseRules(file string, data []byte, zone func(name string) ([]byte, error), fields *fields) (*rulesFile, error) {
	var doc lined[rawRules]
	if err := decode(file, data, &doc); err != nil {
		return nil, err
	}
	raw := doc.V
	c := checker{file: file}
	r := &policy.Rules{
		ProcessWithin:    time.Duration(raw.ProcessWithin.V.Hours) * time.Hour,
		SettleWithinDays: raw.SettleWithinDays,
		Languages:        raw.Languages,
	}
	if len(r.Languages) == 0 {
		c.add(doc.at("languages"), "languages: name at least one language")
	}
	if raw.ProcessWithin.V.Hours <= 0 {
		c.add(doc.at("process_within"), "process_within: give its hours, a positive number")
	}
	switch raw.ProcessWithin.V.Clock {
	case "working":
		r.ProcessClock = policy.WorkingClock
	case "calendar":
		r.ProcessClock = policy.CalendarClock
	default:
		c.add(doc.at("process_within"), fmt.Sprintf("process_within: clock %q: use working or calendar", raw.ProcessWithin.V.Clock))
	}
	if raw.SettleWithinDays <= 0 {
		c.add(doc.at("settle_within_days"), "settle_within_days must be positive")
	}
	for _, n := range raw.Required {
		switch {
		case fields != nil && !slices.Contains(fields.all, n.Value):
			c.add(n.Line, fmt.Sprintf("required: %q is not a field of the report; use %s", n.Value, strings.Join(fields.all, ", ")))
		case slices.Contains(r.Required, n.Value):
			c.add(n.Line, fmt.Sprintf("required: %q appears twice", n.Value))
		default:
			r.Required = append(r.Required, n.Value)
		}
	}
	var tzif []byte
	if raw.TimeZone == "" {
		c.add(doc.at("time_zone"), "time_zone is missing")
	} else if loc, data, err := loadZone(raw.TimeZone, zone); err != nil {
		c.add(doc.at("time_zone"), err.Error())
	} else {
		r.Location, tzif = loc, data
	}
	for _, n := range raw.WorkingDays {
		day, ok := weekdays[n.Value]
		if !ok {
			c.add(n.Line, fmt.Sprintf("unknown weekday %q (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)", n.Value))
		}
		r.Working.Days[day] = ok
	}
	if r.Working.Days == [7]bool{} {
		c.add(doc.at("working_days"), "working_days: name at least one working day")
	}
	if m := hoursSpan.FindStringSubmatch(raw.WorkingHours); m == nil {
		c.add(doc.at("working_hours"), fmt.Sprintf("working_hours %q: write it as \"09:00-18:00\"", raw.WorkingHours))
	} else {
		r.Working.Start, r.Working.End = atoi(m[1])*60+atoi(m[2]), atoi(m[3])*60+atoi(m[4])
		if r.Working.Start >= r.Working.End {
			c.add(doc.at("working_hours"), "working_hours must end after they start")
		}
	}
	r.Holidays = c.holidays(raw.Holidays.V)
	r.Declaration = c.words(raw.Declaration, "declaration", doc.at("declaration"), r.Languages)
	r.Attachments = c.attachments(raw.Attachments, doc.at("attachments"))
	r.Retention = c.retention(raw.Retention, doc.at("retention"))
	seenRequester := map[string]bool{}
	for _, rq := range raw.Requesters {
		q := policy.Requester{ID: rq.V.ID, Title: rq.V.Title, Authority: rq.V.Authority, RightsHolder: rq.V.RightsHolder}
		if q.Authority && q.RightsHolder {
			c.add(rq.line, fmt.Sprintf("requester %q: an authority gives its case and order, not a rights holder's declaration; mark it authority: true or rights_holder: true, not both", q.ID))
		}
		if !idSyntax.MatchString(q.ID) {
			c.add(rq.line, fmt.Sprintf("requester id %q: use lower-case letters, digits and hyphens", q.ID))
		}
		if seenRequester[q.ID] {
			c.add(rq.line, fmt.Sprintf("requester %q appears twice", q.ID))
		}
		seenRequester[q.ID] = true
		for _, lang := range r.Languages {
			if strings.TrimSpace(q.Title[lang]) == "" {
				c.add(rq.line, fmt.Sprintf("requester %q has no title in %s", q.ID, lang))
			}
		}
		r.Requesters = append(r.Requesters, q)
	}
	if len(r.Requesters) == 0 {
		c.add(doc.at("requesters"), "requesters: name at least one")
	}
	// The measures before the categories, which name them.
	r.Measures = c.measures(raw.Measures, r.Languages)
	seen := map[string]bool{}
	for _, rc := range raw.Categories {
		cat := c.category(rc, r, fields)
		if seen[cat.ID] {
			c.add(rc.line, fmt.Sprintf("category %q appears twice", cat.ID))
		}
		seen[cat.ID] = true
		r.Categories = append(r.Categories, cat)
	}
	if len(r.Categories) == 0 {
		c.add(doc.at("categories"), "categories: name at least one category")
	}
	measured := slices.ContainsFunc(r.Categories, func(cat policy.Category) bool { return len(cat.Measures) > 0 })
	r.Outcomes = c.outcomes(raw.Outcomes, doc.at("outcomes"), r, measured)
	r.Notes = c.notes(raw.Notes, r.Languages)
	if slices.ContainsFunc(r.Categories, func(cat policy.Category) bool { return cat.RightsHolder }) {
		r.RightsDeclaration = c.words(raw.RightsDecl, "rights_declaration", doc.at("rights_declaration"), r.Languages)
		if !slices.ContainsFunc(r.Requesters, func(q policy.Requester) bool { return q.RightsHolder }) {
			c.add(doc.at("requesters"), "requesters: a category asks for the rights declaration, so mark the requesters who hold rights with rights_holder: true")
		}
	}
	if slices.ContainsFunc(r.Categories, func(cat policy.Category) bool { return cat.Response.OnClaim }) &&
		!slices.ContainsFunc(r.Requesters, func(q policy.Requester) bool { return q.Authority }) {
		c.add(doc.at("requesters"), "requesters: a category starts on a claim, so mark the authorities that file claims with authority: true")
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return &rulesFile{rules: r, zone: tzif, languagesLine: doc.at("languages")}, nil
}

// loadZone loads the named zone from its TZif data, which zone reads.
func loadZone(name string, zone func(name string) ([]byte, error)) (*time.Location, []byte, error) {
	data, err := zone(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("unknown time zone %q (%s/ has no such file: if the name is right, run make generate)", name, ZoneDir)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("time zone %q: %v", name, err)
	}
	loc, err := time.LoadLocationFromTZData(name, data)
	if err != nil {
		return nil, nil, fmt.Errorf("time zone %q: its data is broken (%v): run make generate", name, err)
	}
	return loc, data, nil
}

func (c *checker) holidays(raw rawHolidays) policy.Holidays {
	var h policy.Holidays
	for _, n := range raw.Fixed {
		m := monthDay.FindStringSubmatch(n.Value)
		// 2024 is a leap year: 02-29 is a day some years have.
		if m == nil || !(policy.Date{Year: 2024, Month: time.Month(atoi(m[1])), Day: atoi(m[2])}).Valid() {
			c.add(n.Line, fmt.Sprintf("holiday %q: write a month and day as \"MM-DD\"", n.Value))
			continue
		}
		h.Fixed = append(h.Fixed, policy.MonthDay{Month: time.Month(atoi(m[1])), Day: atoi(m[2])})
	}
	h.EasterOffsets = raw.OrthodoxEaster
	for _, s := range raw.Suspended {
		p := policy.Period{From: c.date(s.V.From, "from")}
		if s.V.Until.Value != "" {
			p.Until = c.date(s.V.Until, "until")
		}
		h.Suspended = append(h.Suspended, p)
	}
	return h
}

// words reads a text given in every language, like the declaration.
func (c *checker) words(n yaml.Node, name string, line int, langs []string) map[string]string {
	var w map[string]string
	if err := n.Decode(&w); n.Kind != 0 && err != nil {
		c.add(line, name+": give its words under each language's code (uk: …)")
	}
	for _, lang := range langs {
		if strings.TrimSpace(w[lang]) == "" {
			c.add(line, fmt.Sprintf("%s: give its words in %s", name, lang))
		}
	}
	return w
}

func (c *checker) attachments(raw lined[rawAttachments], line int) policy.Attachments {
	a := raw.V
	lim := policy.Attachments{MaxFiles: a.MaxFiles, MaxFileBytes: int64(a.MaxFileMiB) << 20, MaxTotalBytes: int64(a.MaxTotalMiB) << 20}
	if a.MaxFiles <= 0 || a.MaxFileMiB <= 0 || a.MaxTotalMiB < a.MaxFileMiB {
		c.add(line, "attachments: max_files and max_file_mib must be positive, and max_total_mib at least max_file_mib")
	}
	// The mail that carries the files base64-encodes them, in lines: 78 bytes for every 57.
	if fits := func(mib int) bool { return policy.MailBase64Length(int64(mib)<<20)+mailReserve <= maxMailBytes }; !fits(a.MaxTotalMiB) {
		most := a.MaxTotalMiB
		for most > 0 && !fits(most) {
			most--
		}
		c.add(line, fmt.Sprintf("attachments: max_total_mib %d does not fit a mail of %d MiB once base64-encoded, with room for the report's text; use at most %d", a.MaxTotalMiB, maxMailBytes>>20, most))
	}
	for _, n := range a.Types {
		if !slices.Contains(attachment.Kinds(), n.Value) {
			c.add(n.Line, fmt.Sprintf("attachment type %q: use %s", n.Value, strings.Join(attachment.Kinds(), ", ")))
			continue
		}
		lim.Types = append(lim.Types, n.Value)
	}
	if len(lim.Types) == 0 {
		c.add(line, "attachments: name at least one type")
	}
	return lim
}

// maxRetentionDays bounds a retention period: ten years is longer than any this site
// should keep a report, and a number past it is a typing mistake.
const maxRetentionDays = 3650

// retention reads how long what reporters send is kept: whole days, every period given, no
// idempotency key kept longer than the report it names.
func (c *checker) retention(raw lined[rawRetention], line int) policy.Retention {
	r := raw.V
	out := policy.Retention{DeliveredReports: r.DeliveredReports, IdempotencyKeys: r.IdempotencyKeys, CaseRecords: r.CaseRecords}
	if raw.lines == nil {
		c.add(line, "retention: say how long reports are kept, in days: delivered_reports, idempotency_keys, case_records")
		return out
	}
	for _, p := range []struct {
		key  string
		days int
	}{
		{"delivered_reports", r.DeliveredReports},
		{"idempotency_keys", r.IdempotencyKeys},
		{"case_records", r.CaseRecords},
	} {
		if p.days < 1 || p.days > maxRetentionDays {
			c.add(raw.at(p.key), fmt.Sprintf("retention: %s is %d; give a number of days from 1 to %d", p.key, p.days, maxRetentionDays))
		}
	}
	if r.IdempotencyKeys > r.DeliveredReports && r.DeliveredReports > 0 {
		c.add(raw.at("idempotency_keys"), fmt.Sprintf("retention: idempotency_keys (%d days) is longer than delivered_reports (%d): a key would outlive the report it names; make it at most %d", r.IdempotencyKeys, r.DeliveredReports, r.DeliveredReports))
	}
	return out
}

func (c *checker) date(n yaml.Node, what string) policy.Date {
	d, ok := policy.ParseDate(n.Value)
	if !ok {
		c.add(n.Line, fmt.Sprintf("%s %q: write a date as YYYY-MM-DD", what, n.Value))
	}
	return d
}

func (c *checker) category(raw lined[rawCategory], r *policy.Rules, fields *fields) policy.Category {
	rc, line, langs := raw.V, raw.line, r.Languages
	cat := policy.Category{
		ID: rc.ID, Title: rc.Title, Rule: rc.Rule, Warning: rc.Warning,
		NoFiles: rc.Files != nil && !*rc.Files, Urgent: rc.Urgent, NoDraft: rc.NoDraft, RightsHolder: rc.RightsHolder,
	}
	if !idSyntax.MatchString(rc.ID) {
		c.add(line, fmt.Sprintf("category id %q: use lower-case letters, digits and hyphens", rc.ID))
	}
	kinds := 0
	if rc.Hours > 0 {
		kinds++
		cat.Response = policy.Response{Kind: policy.RespondWithin, Hours: rc.Hours}
	}
	if rc.BlockedAtOnce {
		kinds++
		cat.Response = policy.Response{Kind: policy.BlockedAtOnce}
	}
	if rc.Advisory {
		kinds++
		cat.Response = policy.Response{Kind: policy.Advisory}
	}
	if rc.CaseByCase {
		kinds++
		cat.Response = policy.Response{Kind: policy.CaseByCase}
	}
	if rc.Disabled {
		kinds++
		cat.Response = policy.Response{Kind: policy.DisabledWhenVerified}
	}
	if kinds != 1 {
		c.add(line, fmt.Sprintf("category %q: give exactly one of hours, blocked_at_once: true, disabled_when_verified: true, advisory: true, case_by_case: true", rc.ID))
	}
	switch rc.Clock {
	case "":
		cat.Clock = r.ProcessClock
	case "calendar":
		cat.Clock = policy.CalendarClock
	default:
		c.add(raw.at("clock"), fmt.Sprintf("category %q: clock is %q; leave it out (the review follows process_within's clock) or write calendar (round the clock, whatever that setting)", rc.ID, rc.Clock))
	}
	switch rc.Starts {
	case "", "notice":
	case "claim":
		cat.Response.OnClaim = true
	default:
		c.add(raw.at("starts"), fmt.Sprintf("category %q: starts is %q; use notice or claim", rc.ID, rc.Starts))
	}
	for _, n := range rc.Evidence {
		switch {
		case fields != nil && !slices.Contains(fields.evidence, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: evidence %q is not an evidence field of the form; use %s", rc.ID, n.Value, strings.Join(fields.evidence, ", ")))
		case slices.Contains(cat.Evidence, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: evidence %q appears twice", rc.ID, n.Value))
		default:
			cat.Evidence = append(cat.Evidence, n.Value)
		}
	}
	for _, n := range rc.RightsEvidence {
		switch {
		case !rc.RightsHolder:
			c.add(n.Line, fmt.Sprintf("category %q: rights_evidence is asked of rights holders only: add rights_holder: true, or move it to evidence", rc.ID))
		case fields != nil && !slices.Contains(fields.evidence, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: rights_evidence %q is not an evidence field of the form; use %s", rc.ID, n.Value, strings.Join(fields.evidence, ", ")))
		case slices.Contains(cat.Evidence, n.Value) || slices.Contains(cat.RightsEvidence, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: evidence %q appears twice", rc.ID, n.Value))
		default:
			cat.RightsEvidence = append(cat.RightsEvidence, n.Value)
		}
	}
	for _, n := range rc.Optional {
		switch {
		case n.Value == "category" || !slices.Contains(r.Required, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: optional %q: name a field of required other than category", rc.ID, n.Value))
		case slices.Contains(cat.Optional, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: optional %q appears twice", rc.ID, n.Value))
		default:
			cat.Optional = append(cat.Optional, n.Value)
		}
	}
	for _, lang := range langs {
		if strings.TrimSpace(rc.Title[lang]) == "" {
			c.add(line, fmt.Sprintf("category %q has no title in %s", rc.ID, lang))
		}
		if len(rc.Rule) > 0 && strings.TrimSpace(rc.Rule[lang]) == "" {
			c.add(line, fmt.Sprintf("category %q has a rule but not in %s", rc.ID, lang))
		}
		if len(rc.Warning) > 0 && strings.TrimSpace(rc.Warning[lang]) == "" {
			c.add(line, fmt.Sprintf("category %q has a warning but not in %s", rc.ID, lang))
		}
	}
	c.categoryMeasures(raw, &cat, r)
	return cat
}
