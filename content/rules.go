package content

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"abusedesk/content/policy"
	"abusedesk/schemas/report"
)

// RulesFile is the name of the rules file within the content tree.
const RulesFile = "rules.yaml"

// LoadRules reads and checks the rules file of fsys.
func LoadRules(fsys fs.FS) (*policy.Rules, error) {
	data, err := fs.ReadFile(fsys, RulesFile)
	if err != nil {
		return nil, fmt.Errorf("loading rules: %w", err)
	}
	return parseRules(fsys, RulesFile, data)
}

// Problem is one thing wrong in a data file, with where it is.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) Error() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Problems is every problem found in one file, in the file's order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// rawRules mirrors rules.yaml; nodes are kept where a later check must name a line.
type rawRules struct {
	Languages        []string    `yaml:"languages"`
	TimeZone         yaml.Node   `yaml:"time_zone"`
	WorkingDays      []yaml.Node `yaml:"working_days"`
	WorkingHours     yaml.Node   `yaml:"working_hours"`
	ProcessWithin    int         `yaml:"process_within_working_hours"`
	SettleWithinDays int         `yaml:"settle_within_days"`
	Holidays         struct {
		Fixed          []yaml.Node `yaml:"fixed"`
		OrthodoxEaster []int       `yaml:"orthodox_easter"`
		Suspended      []struct {
			From  yaml.Node `yaml:"from"`
			Until yaml.Node `yaml:"until"`
		} `yaml:"suspended"`
	} `yaml:"holidays"`
	Required    []string       `yaml:"required"`
	Declaration yaml.Node      `yaml:"declaration"`
	Attachments rawAttachments `yaml:"attachments"`
	Categories  []rawCategory  `yaml:"categories"`
}

// evidenceFields are the report's fields in the evidence group, the ones a category may
// require: read from the report type's tags, so that a field added there can be named here.
var evidenceFields = func() []string {
	var names []string
	t := reflect.TypeFor[report.Report]()
	for i := range t.NumField() {
		f := t.Field(i)
		if slices.Contains(strings.Split(f.Tag.Get("jsonschema_extras"), ","), "x-group="+report.EvidenceGroup) {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			names = append(names, name)
		}
	}
	return names
}()

// maxMailMiB is the largest message Cloudflare's send_email delivers.
const maxMailMiB = 25

// attachmentTypes are the kinds of file package schemas/attachment recognizes.
var attachmentTypes = []string{"pdf", "png", "jpeg", "text", "eml"}

type rawAttachments struct {
	MaxFiles    int         `yaml:"max_files"`
	MaxFileMiB  int         `yaml:"max_file_mib"`
	MaxTotalMiB int         `yaml:"max_total_mib"`
	Types       []yaml.Node `yaml:"types"`
	line        int
}

func (a *rawAttachments) UnmarshalYAML(n *yaml.Node) error {
	type plain rawAttachments
	if err := n.Decode((*plain)(a)); err != nil {
		return err
	}
	// The block's first key: the line after "attachments:".
	a.line = n.Line - 1
	return nil
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
	line          int
}

func (c *rawCategory) UnmarshalYAML(n *yaml.Node) error {
	type plain rawCategory
	if err := n.Decode((*plain)(c)); err != nil {
		return err
	}
	c.line = n.Line
	return nil
}

var (
	weekdays  = map[string]time.Weekday{"Sun": time.Sunday, "Mon": time.Monday, "Tue": time.Tuesday, "Wed": time.Wednesday, "Thu": time.Thursday, "Fri": time.Friday, "Sat": time.Saturday}
	hoursSpan = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$`)
	monthDay  = regexp.MustCompile(`^(\d\d)-(\d\d)$`)
	idSyntax  = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	yamlLine  = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// ParseRules decodes and checks rules; name is used in the error messages. The time zone
// comes from the system's database.
func ParseRules(name string, data []byte) (*policy.Rules, error) {
	return parseRules(nil, name, data)
}

// parseRules decodes and checks rules, taking the time zone from fsys's zoneinfo folder
// when it has it.
func parseRules(fsys fs.FS, name string, data []byte) (*policy.Rules, error) {
	var raw rawRules
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, yamlProblems(name, err)
	}
	c := checker{file: name}
	r := &policy.Rules{
		ProcessWithin:    time.Duration(raw.ProcessWithin) * time.Hour,
		SettleWithinDays: raw.SettleWithinDays,
		Languages:        raw.Languages,
		Required:         raw.Required,
	}
	if len(r.Languages) == 0 {
		c.add(1, "languages: name at least one language")
	}
	if raw.ProcessWithin <= 0 || raw.SettleWithinDays <= 0 {
		c.add(1, "process_within_working_hours and settle_within_days must both be positive")
	}
	if raw.TimeZone.Value == "" {
		c.add(1, "time_zone is missing")
	} else if loc, err := loadLocation(fsys, raw.TimeZone.Value); err != nil {
		c.add(raw.TimeZone.Line, fmt.Sprintf("unknown time zone %q", raw.TimeZone.Value))
	} else {
		r.Location = loc
	}
	for _, n := range raw.WorkingDays {
		day, ok := weekdays[n.Value]
		if !ok {
			c.add(n.Line, fmt.Sprintf("unknown weekday %q (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)", n.Value))
		}
		r.Working.Days[day] = ok
	}
	if m := hoursSpan.FindStringSubmatch(raw.WorkingHours.Value); m == nil {
		c.add(raw.WorkingHours.Line, fmt.Sprintf("working_hours %q: write it as \"09:00-18:00\"", raw.WorkingHours.Value))
	} else {
		r.Working.Start, r.Working.End = atoi(m[1])*60+atoi(m[2]), atoi(m[3])*60+atoi(m[4])
		if r.Working.Start >= r.Working.End {
			c.add(raw.WorkingHours.Line, "working_hours must end after they start")
		}
	}
	if r.Working.Days == [7]bool{} {
		c.add(1, "working_days: name at least one working day")
	}
	for _, n := range raw.Holidays.Fixed {
		m := monthDay.FindStringSubmatch(n.Value)
		// 2024 is a leap year: 02-29 is a day some years have.
		if m == nil || !(policy.Date{Year: 2024, Month: time.Month(atoi(m[1])), Day: atoi(m[2])}).Valid() {
			c.add(n.Line, fmt.Sprintf("holiday %q: write a month and day as \"MM-DD\"", n.Value))
			continue
		}
		r.Holidays.Fixed = append(r.Holidays.Fixed, policy.MonthDay{Month: time.Month(atoi(m[1])), Day: atoi(m[2])})
	}
	r.Holidays.EasterOffsets = raw.Holidays.OrthodoxEaster
	for _, s := range raw.Holidays.Suspended {
		p := policy.Period{From: c.date(s.From, "from")}
		if s.Until.Value != "" {
			p.Until = c.date(s.Until, "until")
		}
		r.Holidays.Suspended = append(r.Holidays.Suspended, p)
	}
	// A mapping's node starts at its first key: the line before is "declaration:".
	declLine := max(raw.Declaration.Line-1, 1)
	if err := raw.Declaration.Decode(&r.Declaration); raw.Declaration.Kind != 0 && err != nil {
		c.add(declLine, "declaration: give its words under each language's code (uk: …)")
	}
	for _, lang := range r.Languages {
		if strings.TrimSpace(r.Declaration[lang]) == "" {
			c.add(declLine, fmt.Sprintf("declaration: give its words in %s", lang))
		}
	}
	a := raw.Attachments
	r.Attachments = policy.Attachments{MaxFiles: a.MaxFiles, MaxFileBytes: int64(a.MaxFileMiB) << 20, MaxTotalBytes: int64(a.MaxTotalMiB) << 20}
	if a.MaxFiles <= 0 || a.MaxFileMiB <= 0 || a.MaxTotalMiB < a.MaxFileMiB {
		c.add(max(a.line, 1), "attachments: max_files and max_file_mib must be positive, and max_total_mib at least max_file_mib")
	}
	// The mail that carries the files base64-encodes them: 4 bytes for every 3.
	if a.MaxTotalMiB*4/3+1 > maxMailMiB {
		c.add(max(a.line, 1), fmt.Sprintf("attachments: max_total_mib %d does not fit a mail of %d MiB once base64-encoded; use at most %d", a.MaxTotalMiB, maxMailMiB, (maxMailMiB-1)*3/4))
	}
	for _, n := range a.Types {
		if !slices.Contains(attachmentTypes, n.Value) {
			c.add(n.Line, fmt.Sprintf("attachment type %q: use %s", n.Value, strings.Join(attachmentTypes, ", ")))
			continue
		}
		r.Attachments.Types = append(r.Attachments.Types, n.Value)
	}
	if len(r.Attachments.Types) == 0 {
		c.add(max(a.line, 1), "attachments: name at least one type")
	}
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
		c.add(1, "categories: name at least one category")
	}
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	return r, nil
}

type checker struct {
	file     string
	problems Problems
}

func (c *checker) add(line int, msg string) {
	c.problems = append(c.problems, Problem{c.file, line, msg})
}

func (c *checker) date(n yaml.Node, what string) policy.Date {
	d, ok := policy.ParseDate(n.Value)
	if !ok {
		c.add(n.Line, fmt.Sprintf("%s %q: write a date as YYYY-MM-DD", what, n.Value))
	}
	return d
}

func (c *checker) category(rc rawCategory, langs []string) policy.Category {
	cat := policy.Category{ID: rc.ID, Title: rc.Title, Rule: rc.Rule}
	if !idSyntax.MatchString(rc.ID) {
		c.add(rc.line, fmt.Sprintf("category id %q: use lower-case letters, digits and hyphens", rc.ID))
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
		c.add(rc.line, fmt.Sprintf("category %q: give exactly one of hours, blocked_at_once: true, advisory: true", rc.ID))
	}
	switch rc.Starts {
	case "", "notice":
	case "claim":
		cat.Response.OnClaim = true
	default:
		c.add(rc.line, fmt.Sprintf("category %q: starts is %q; use notice or claim", rc.ID, rc.Starts))
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
			c.add(rc.line, fmt.Sprintf("category %q has no title in %s", rc.ID, lang))
		}
		if len(rc.Rule) > 0 && strings.TrimSpace(rc.Rule[lang]) == "" {
			c.add(rc.line, fmt.Sprintf("category %q has a rule but not in %s", rc.ID, lang))
		}
	}
	return cat
}

// yamlProblems turns the decoder's "line N: …" messages into file:line problems.
func yamlProblems(file string, err error) error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var ps Problems
	for _, msg := range msgs {
		msg = strings.TrimPrefix(msg, "yaml: ")
		line := 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, msg = atoi(m[1]), m[2]
		}
		ps = append(ps, Problem{file, line, msg})
	}
	return ps
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
