package policy

import (
	"errors"
	"time"
)

// Wire is Rules as plain values, for the browser: the site generator writes it into the
// form page as JSON and the browser module reads it back, so the module computes deadlines
// from the same data without a YAML parser or a time zone database of its own.
type Wire struct {
	Zone string `json:"zone"`
	// ZoneData is the zone's TZif file, as time.LoadLocationFromTZData reads it.
	ZoneData    []byte  `json:"zoneData"`
	Days        [7]bool `json:"days"`
	Start       int     `json:"start"`
	End         int     `json:"end"`
	ProcessMins int     `json:"processMinutes"`
	// ProcessCalendar counts ProcessMins on the calendar clock, not the working one.
	ProcessCalendar bool            `json:"processCalendar,omitempty"`
	SettleDays      int             `json:"settleDays"`
	Fixed           [][2]int        `json:"fixed"`
	Easter          []int           `json:"easter"`
	Suspended       [][2]string     `json:"suspended"`
	Categories      []WireCategory  `json:"categories"`
	Requesters      []WireRequester `json:"requesters"`
	Required        []string        `json:"required"`
	Languages       []string        `json:"languages"`
	// The attachments' limits, checked in the browser before anything is sent.
	MaxFiles      int      `json:"maxFiles"`
	MaxFileBytes  int64    `json:"maxFileBytes"`
	MaxTotalBytes int64    `json:"maxTotalBytes"`
	FileTypes     []string `json:"fileTypes"`
}

// WireCategory is a category without its words, which the page already shows, nor its
// evidence and optional fields, which the form's spec carries.
type WireCategory struct {
	ID      string       `json:"id"`
	Kind    ResponseKind `json:"kind"`
	Hours   int          `json:"hours"`
	OnClaim bool         `json:"onClaim"`
	NoFiles bool         `json:"noFiles,omitempty"`
	// Calendar counts the review on the calendar clock (Category.Clock).
	Calendar bool `json:"calendar,omitempty"`
	// Draft is Category.Draft: the preview says its deadlines may change.
	Draft bool `json:"draft,omitempty"`
	// Rule is the category's own rule in the page's language (WithRules), which the
	// preview says.
	Rule map[string]string `json:"rule,omitempty"`
}

// WireRequester is a requester without its words.
type WireRequester struct {
	ID        string `json:"id"`
	Authority bool   `json:"authority,omitempty"`
}

// Wire returns the rules as plain values; zoneData is the TZif file of r.Location.
func (r *Rules) Wire(zoneData []byte) Wire {
	w := Wire{
		Zone: r.Location.String(), ZoneData: zoneData, Days: r.Working.Days,
		Start: r.Working.Start, End: r.Working.End,
		ProcessMins: int(r.ProcessWithin / time.Minute), ProcessCalendar: r.ProcessClock == CalendarClock,
		SettleDays: r.SettleWithinDays,
		Easter:     r.Holidays.EasterOffsets, Required: r.Required, Languages: r.Languages,
		MaxFiles: r.Attachments.MaxFiles, MaxFileBytes: r.Attachments.MaxFileBytes,
		MaxTotalBytes: r.Attachments.MaxTotalBytes, FileTypes: r.Attachments.Types,
	}
	for _, f := range r.Holidays.Fixed {
		w.Fixed = append(w.Fixed, [2]int{int(f.Month), f.Day})
	}
	for _, p := range r.Holidays.Suspended {
		w.Suspended = append(w.Suspended, [2]string{p.From.String(), p.Until.String()})
	}
	for _, c := range r.Categories {
		w.Categories = append(w.Categories, WireCategory{ID: c.ID, Kind: c.Response.Kind, Hours: c.Response.Hours, OnClaim: c.Response.OnClaim, NoFiles: c.NoFiles, Calendar: c.Clock == CalendarClock, Draft: c.Draft})
	}
	for _, q := range r.Requesters {
		w.Requesters = append(w.Requesters, WireRequester{q.ID, q.Authority})
	}
	return w
}

// WithRules is w with each category's rule in lang, for a page in lang: one language's
// words, not every language's.
func (w Wire) WithRules(r *Rules, lang string) Wire {
	cats := make([]WireCategory, len(w.Categories))
	for i, c := range w.Categories {
		cats[i] = c
		if cat, ok := r.Category(c.ID); ok && cat.Rule[lang] != "" {
			cats[i].Rule = map[string]string{lang: cat.Rule[lang]}
		}
	}
	w.Categories = cats
	return w
}

// Rules rebuilds the rules from their wire form. It avoids fmt: the browser module links
// this package and every KiB of it is downloaded by a reporter.
func (w *Wire) Rules() (*Rules, error) {
	loc, err := time.LoadLocationFromTZData(w.Zone, w.ZoneData)
	if err != nil {
		return nil, errors.New("policy: zone " + w.Zone + ": " + err.Error())
	}
	r := &Rules{
		Location: loc, Working: WorkingTime{Days: w.Days, Start: w.Start, End: w.End},
		ProcessWithin: time.Duration(w.ProcessMins) * time.Minute, SettleWithinDays: w.SettleDays,
		Required: w.Required, Languages: w.Languages,
		Attachments: Attachments{MaxFiles: w.MaxFiles, MaxFileBytes: w.MaxFileBytes, MaxTotalBytes: w.MaxTotalBytes, Types: w.FileTypes},
	}
	if w.ProcessCalendar {
		r.ProcessClock = CalendarClock
	}
	r.Holidays.EasterOffsets = w.Easter
	for _, f := range w.Fixed {
		r.Holidays.Fixed = append(r.Holidays.Fixed, MonthDay{time.Month(f[0]), f[1]})
	}
	for _, s := range w.Suspended {
		var p Period
		var ok bool
		if p.From, ok = ParseDate(s[0]); !ok {
			return nil, errors.New("policy: bad suspension start " + s[0])
		}
		if s[1] != "" {
			if p.Until, ok = ParseDate(s[1]); !ok {
				return nil, errors.New("policy: bad suspension end " + s[1])
			}
		}
		r.Holidays.Suspended = append(r.Holidays.Suspended, p)
	}
	for _, c := range w.Categories {
		cat := Category{ID: c.ID, Response: Response{Kind: c.Kind, Hours: c.Hours, OnClaim: c.OnClaim}, NoFiles: c.NoFiles, Rule: c.Rule, Draft: c.Draft}
		if c.Calendar {
			cat.Clock = CalendarClock
		}
		r.Categories = append(r.Categories, cat)
	}
	for _, q := range w.Requesters {
		r.Requesters = append(r.Requesters, Requester{ID: q.ID, Authority: q.Authority})
	}
	return r, nil
}

// String writes the day as YYYY-MM-DD, and the zero Date as "".
func (d Date) String() string {
	if d == (Date{}) {
		return ""
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// ParseDate reads a YYYY-MM-DD day, and refuses anything else, a day the month lacks
// included. It reads the digits itself: time.Parse, the first time it runs in the browser
// module, costs the module's start about 20 ms.
func ParseDate(s string) (Date, bool) {
	if len(s) != len("2006-01-02") || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	year, ok1 := digits(s[:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:])
	d := Date{year, time.Month(month), day}
	if !ok1 || !ok2 || !ok3 || !d.Valid() {
		return Date{}, false
	}
	return d, true
}

// digits reads a number written with ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
