package content

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"abusedesk/content/policy"
	"abusedesk/schemas/attachment"
	"abusedesk/schemas/report"
)

// rawRules mirrors rules.yaml. Nodes are kept for the items of lists, so a check names the
// line of the item that is wrong.
type rawRules struct {
	Languages        []string              `yaml:"languages"`
	TimeZone         string                `yaml:"time_zone"`
	WorkingDays      []yaml.Node           `yaml:"working_days"`
	WorkingHours     string                `yaml:"working_hours"`
	ProcessWithin    int                   `yaml:"process_within_working_hours"`
	SettleWithinDays int                   `yaml:"settle_within_days"`
	Holidays         lined[rawHolidays]    `yaml:"holidays"`
	Required         []string              `yaml:"required"`
	Declaration      yaml.Node             `yaml:"declaration"`
	Attachments      lined[rawAttachments] `yaml:"attachments"`
	Categories       []lined[rawCategory]  `yaml:"categories"`
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
	ID            string            `yaml:"id"`
	Hours         int               `yaml:"hours"`
	Starts        string            `yaml:"starts"`
	BlockedAtOnce bool              `yaml:"blocked_at_once"`
	Advisory      bool              `yaml:"advisory"`
	Title         map[string]string `yaml:"title"`
	Rule          map[string]string `yaml:"rule"`
	Evidence      []yaml.Node       `yaml:"evidence"`
}

// evidenceFields are the report's fields in the evidence group, the ones a category may
// require: read from the report type's tags, so that a field added there can be named here.
var evidenceFields = func() []string {
	var names []string
	for f := range reflect.TypeFor[report.Report]().Fields() {
		if slices.Contains(strings.Split(f.Tag.Get("jsonschema_extras"), ","), "x-group="+report.EvidenceGroup) {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			names = append(names, name)
		}
	}
	return names
}()

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
func parseRules(file string, data []byte, zone func(name string) ([]byte, error)) (*rulesFile, error) {
	var doc lined[rawRules]
	if err := decode(file, data, &doc); err != nil {
		return nil, err
	}
	raw := doc.V
	c := checker{file: file}
	r := &policy.Rules{
		ProcessWithin:    time.Duration(raw.ProcessWithin) * time.Hour,
		SettleWithinDays: raw.SettleWithinDays,
		Languages:        raw.Languages,
		Required:         raw.Required,
	}
	if len(r.Languages) == 0 {
		c.add(doc.at("languages"), "languages: name at least one language")
	}
	if raw.ProcessWithin <= 0 || raw.SettleWithinDays <= 0 {
		c.add(doc.at("process_within_working_hours"), "process_within_working_hours and settle_within_days must both be positive")
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
	c.declaration(r, raw.Declaration, doc.at("declaration"))
	r.Attachments = c.attachments(raw.Attachments, doc.at("attachments"))
	seen := map[string]bool{}
	for _, rc := range raw.Categories {
		cat := c.category(rc, r.Languages)
		if seen[cat.ID] {
			c.add(rc.line, fmt.Sprintf("category %q appears twice", cat.ID))
		}
		seen[cat.ID] = true
		r.Categories = append(r.Categories, cat)
	}
	if len(r.Categories) == 0 {
		c.add(doc.at("categories"), "categories: name at least one category")
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

// declaration reads the words a reporter declares, in every language of r.
func (c *checker) declaration(r *policy.Rules, n yaml.Node, line int) {
	if err := n.Decode(&r.Declaration); n.Kind != 0 && err != nil {
		c.add(line, "declaration: give its words under each language's code (uk: …)")
	}
	for _, lang := range r.Languages {
		if strings.TrimSpace(r.Declaration[lang]) == "" {
			c.add(line, fmt.Sprintf("declaration: give its words in %s", lang))
		}
	}
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

func (c *checker) date(n yaml.Node, what string) policy.Date {
	d, ok := policy.ParseDate(n.Value)
	if !ok {
		c.add(n.Line, fmt.Sprintf("%s %q: write a date as YYYY-MM-DD", what, n.Value))
	}
	return d
}

func (c *checker) category(raw lined[rawCategory], langs []string) policy.Category {
	rc, line := raw.V, raw.line
	cat := policy.Category{ID: rc.ID, Title: rc.Title, Rule: rc.Rule}
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
	if kinds != 1 {
		c.add(line, fmt.Sprintf("category %q: give exactly one of hours, blocked_at_once: true, advisory: true", rc.ID))
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
		case !slices.Contains(evidenceFields, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: evidence %q is not an evidence field of the form; use %s", rc.ID, n.Value, strings.Join(evidenceFields, ", ")))
		case slices.Contains(cat.Evidence, n.Value):
			c.add(n.Line, fmt.Sprintf("category %q: evidence %q appears twice", rc.ID, n.Value))
		default:
			cat.Evidence = append(cat.Evidence, n.Value)
		}
	}
	for _, lang := range langs {
		if strings.TrimSpace(rc.Title[lang]) == "" {
			c.add(line, fmt.Sprintf("category %q has no title in %s", rc.ID, lang))
		}
		if len(rc.Rule) > 0 && strings.TrimSpace(rc.Rule[lang]) == "" {
			c.add(line, fmt.Sprintf("category %q has a rule but not in %s", rc.ID, lang))
		}
	}
	return cat
}
