package content

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"abusedesk/content/policy"
)

func TestDefaultRulesLoad(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatalf("the shipped rules do not load:\n%v", err)
	}
	r := b.Rules
	if got := len(r.Categories); got != 18 {
		t.Errorf("%d categories, want the 13 of policy-facts.md and the 5 the public reports", got)
	}
	for id, want := range map[string]policy.Response{
		"ddos":          {Kind: policy.RespondWithin, Hours: 2},
		"copyright":     {Kind: policy.RespondWithin, Hours: 12, OnClaim: true},
		"vulnerability": {Kind: policy.Advisory},
		"botnet":        {Kind: policy.BlockedAtOnce},
		"csam":          {Kind: policy.DisabledWhenVerified},
		"fraud":         {Kind: policy.RespondWithin, Hours: 12},
		"other":         {Kind: policy.CaseByCase},
	} {
		c, ok := r.Category(id)
		if !ok || c.Response != want {
			t.Errorf("category %s: %+v, want %+v", id, c, want)
		}
	}
	// The kinds that cannot wait for Monday are reviewed round the clock; the rest on the
	// rules' own clock, working hours.
	for _, c := range r.Categories {
		calendar := slices.Contains([]string{"csam", "ddos", "brute-force", "botnet", "phishing", "phishing-redirect"}, c.ID)
		if want := map[bool]policy.Clock{true: policy.CalendarClock, false: r.ProcessClock}[calendar]; c.Clock != want {
			t.Errorf("category %s: clock %v, want %v", c.ID, c.Clock, want)
		}
	}
	if a := r.Attachments; a.MaxFileBytes != 10<<20 || a.MaxTotalBytes != 18<<20 || !slices.Equal(a.Types, []string{"pdf", "png", "jpeg", "text", "eml"}) {
		t.Errorf("attachments: %+v", a)
	}
	for id, want := range map[string][]string{
		"spam": {"channel"}, "copyright": {"evidence_urls"}, "phishing": {"evidence_urls"}, "csam": {"evidence_urls"},
		"ddos": {"source_ip", "target", "time_window", "logs"}, "brute-force": {"source_ip", "target", "time_window", "logs"},
		"botnet": nil,
	} {
		if c, _ := r.Category(id); !slices.Equal(c.Evidence, want) {
			t.Errorf("category %s: evidence %v, want %v", id, c.Evidence, want)
		}
	}
	// Documents proving rights are a rights holder's to give, not a court's or anyone else's.
	copyright, _ := r.Category("copyright")
	holder, _ := r.Requester("rights-holder")
	judge, _ := r.Requester("court")
	private, _ := r.Requester("person")
	if !slices.Equal(copyright.RightsEvidence, []string{"rights_documents"}) || !r.DeclaresRights(copyright, holder) ||
		r.DeclaresRights(copyright, judge) || r.DeclaresRights(copyright, private) {
		t.Errorf("copyright: rights evidence %v, declared by a rights holder %v, a judge %v, a person %v", copyright.RightsEvidence,
			r.DeclaresRights(copyright, holder), r.DeclaresRights(copyright, judge), r.DeclaresRights(copyright, private))
	}
	if r.Location.String() != "Europe/Kyiv" || r.Working.Start != 9*60 || r.Working.End != 18*60 {
		t.Errorf("working time: %v %d-%d", r.Location, r.Working.Start, r.Working.End)
	}
	if r.ProcessWithin != 24*time.Hour || r.ProcessClock != policy.WorkingClock {
		t.Errorf("processed within %v on clock %v, want 24 working hours", r.ProcessWithin, r.ProcessClock)
	}
	csam, _ := r.Category("csam")
	if !csam.NoFiles || !csam.Urgent || !slices.Equal(csam.Optional, []string{"full_name", "email", "resource"}) || csam.Warning["uk"] == "" {
		t.Errorf("csam: %+v", csam)
	}
	if r.Requires(csam, "email") || !r.Requires(csam, "evidence_urls") || !r.Requires(csam, "message") {
		t.Errorf("csam requires email %v, evidence_urls %v, message %v", r.Requires(csam, "email"), r.Requires(csam, "evidence_urls"), r.Requires(csam, "message"))
	}
	var authorities []string
	for _, q := range r.Requesters {
		if q.Authority {
			authorities = append(authorities, q.ID)
		}
	}
	if !slices.Equal(authorities, []string{"law-enforcement", "court", "competent-body"}) {
		t.Errorf("authorities %v", authorities)
	}
	court, _ := r.Requester("court")
	person, _ := r.Requester("person")
	if copyright, _ := r.Category("copyright"); !copyright.RightsHolder || !r.FilesRequired(copyright, court) || r.FilesRequired(copyright, person) || r.FilesRequired(csam, court) {
		t.Errorf("files required: copyright by a court %v, by a person %v; csam by a court %v", r.FilesRequired(copyright, court), r.FilesRequired(copyright, person), r.FilesRequired(csam, court))
	}
	if want := (policy.Retention{DeliveredReports: 30, IdempotencyKeys: 7, CaseRecords: 365}); r.Retention != want {
		t.Errorf("retention %+v, want %+v", r.Retention, want)
	}
	if r.Retention.Reports() != 30*24*time.Hour || r.Retention.Keys() != 7*24*time.Hour {
		t.Errorf("retention as durations: %v, %v", r.Retention.Reports(), r.Retention.Keys())
	}
	if r.RightsDeclaration["en"] == "" || r.Declaration["en"] == "" {
		t.Errorf("declarations: %q, %q", r.Declaration["en"], r.RightsDeclaration["en"])
	}
	if r.Retention.Cases() != 365*24*time.Hour {
		t.Errorf("case records kept %v", r.Retention.Cases())
	}
}

// TestDefaultDecisions: the desk's outcomes, measures and notes as the shipped rules give
// them, and each category's measures and DSA category.
func TestDefaultDecisions(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	r := b.Rules
	var outcomes, measured, duplicates, measures, notes []string
	for _, o := range r.Outcomes {
		outcomes = append(outcomes, o.ID)
		if o.Measure {
			measured = append(measured, o.ID)
		}
		if o.Duplicate {
			duplicates = append(duplicates, o.ID)
		}
	}
	if want := []string{"acted_on", "fixed_by_customer", "no_violation", "not_ours", "more_information", "for_authorities", "duplicate"}; !slices.Equal(outcomes, want) {
		t.Errorf("outcomes %v, want %v", outcomes, want)
	}
	if !slices.Equal(measured, []string{"acted_on"}) || !slices.Equal(duplicates, []string{"duplicate"}) {
		t.Errorf("outcomes with a measure %v, duplicates %v", measured, duplicates)
	}
	if o, ok := r.Outcome("not_ours"); !ok || o.Meaning["uk"] == "" || o.Title["en"] != "Not a resource of ours" {
		t.Errorf("outcome not_ours: %+v", o)
	}
	for _, m := range r.Measures {
		measures = append(measures, m.ID+"="+m.DSAField+":"+m.DSAValue)
	}
	if want := []string{
		"material_removed=decision_visibility:DECISION_VISIBILITY_CONTENT_REMOVED",
		"access_disabled=decision_visibility:DECISION_VISIBILITY_CONTENT_DISABLED",
		"ports_blocked=decision_provision:DECISION_PROVISION_PARTIAL_SUSPENSION",
		"outgoing_traffic_suspended=decision_provision:DECISION_PROVISION_PARTIAL_SUSPENSION",
		"service_suspended=decision_provision:DECISION_PROVISION_TOTAL_SUSPENSION",
		"service_ended=decision_provision:DECISION_PROVISION_TOTAL_TERMINATION",
	}; !slices.Equal(measures, want) {
		t.Errorf("measures %v, want %v", measures, want)
	}
	for _, n := range r.Notes {
		notes = append(notes, n.ID)
	}
	if want := []string{"thanks", "not_found", "send_documents", "contact_authorities", "report_again"}; !slices.Equal(notes, want) {
		t.Errorf("notes %v, want %v", notes, want)
	}
	for id, want := range map[string]struct {
		measures []string
		dsa      string
	}{
		"spam":          {[]string{"ports_blocked", "outgoing_traffic_suspended", "service_suspended", "service_ended"}, "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE"},
		"phishing":      {[]string{"material_removed", "access_disabled", "ports_blocked", "outgoing_traffic_suspended", "service_suspended", "service_ended"}, "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"},
		"copyright":     {[]string{"material_removed", "access_disabled", "service_suspended"}, "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS"},
		"csam":          {[]string{"access_disabled", "material_removed", "service_suspended", "service_ended"}, "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"},
		"exposed-data":  {[]string{"material_removed", "access_disabled", "service_suspended", "service_ended"}, "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS"},
		"botnet":        {[]string{"service_suspended", "service_ended"}, "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY"},
		"vulnerability": {nil, ""},
	} {
		if c, _ := r.Category(id); !slices.Equal(c.Measures, want.measures) || c.DSACategory != want.dsa {
			t.Errorf("category %s: measures %v, DSA category %q; want %v, %q", id, c.Measures, c.DSACategory, want.measures, want.dsa)
		}
	}
	// Every measure is one some category offers, and every category but the advisory one
	// offers some: a measure none offers could never be recorded.
	for _, m := range r.Measures {
		if !slices.ContainsFunc(r.Categories, func(c policy.Category) bool { return slices.Contains(c.Measures, m.ID) }) {
			t.Errorf("measure %s: no category offers it", m.ID)
		}
	}
	for _, c := range r.Categories {
		if (len(c.Measures) == 0) != (c.Response.Kind == policy.Advisory) {
			t.Errorf("category %s (%s): measures %v", c.ID, c.Response.Name(), c.Measures)
		}
	}
}

func TestRulesProblemsNameTheLine(t *testing.T) {
	good, err := FS().(interface{ ReadFile(string) ([]byte, error) }).ReadFile(RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	// lineOf returns the line of the fixture on which text starts, so the expectations hold
	// however the shipped file is edited.
	lineOf := func(text string) int {
		i := strings.Index(string(good), text)
		if i < 0 {
			t.Fatalf("fixture text %q not in %s", text, RulesFile)
		}
		return strings.Count(string(good[:i]), "\n") + 1
	}
	for _, tc := range []struct{ name, from, to, at, want string }{
		{"bad zone", "time_zone: Europe/Kyiv", "time_zone: Europe/Atlantis", "time_zone:", `unknown time zone "Europe/Atlantis"`},
		{"bad hours", `working_hours: "09:00-18:00"`, `working_hours: "9 to 6"`, "working_hours:", `working_hours "9 to 6"`},
		{"bad weekday", "working_days: [Mon,", "working_days: [Mo,", "working_days:", `unknown weekday "Mo"`},
		{"bad holiday", `"07-15"`, `"07-32"`, "  fixed:", `holiday "07-32"`},
		{"unknown key", "settle_within_days: 5", "settle_within_dayz: 5", "settle_within_days:", "field settle_within_dayz not found"},
		{"two responses", "  - id: botnet\n    blocked_at_once: true", "  - id: botnet\n    hours: 3\n    blocked_at_once: true", "  - id: botnet", `category "botnet": give exactly one of`},
		{"missing title", "      en: Botnet\n", "", "  - id: botnet", `category "botnet" has no title in en`},
		{"declaration missing a language", "  en: I confirm in good faith", "  xx: I confirm in good faith", "declaration:", "declaration: give its words in en"},
		{"rights declaration missing a language", "  en: I hold the rights", "  xx: I hold the rights", "rights_declaration:", "rights_declaration: give its words in en"},
		{"unknown clock", "clock: working", "clock: office", "process_within:", `process_within: clock "office": use working or calendar`},
		{"required not a field", "required: [requester,", "required: [reporter,", "required:", `required: "reporter" is not a field of the report`},
		{"optional not required", "optional: [resource]", "optional: [phone]", "    optional: [resource]", `category "other": optional "phone": name a field of required other than category`},
		{"requester without a title", "      en: A court\n", "", "  - id: court", `requester "court" has no title in en`},
		{"warning missing a language", "      en: Do not download", "      xx: Do not download", "  - id: csam", `category "csam" has a warning but not in en`},
		{"unknown attachment type", "types: [pdf, png,", "types: [pdf, docx,", "  types:", `attachment type "docx": use pdf, png, jpeg, text, eml`},
		{"too much for one mail", "max_total_mib: 18", "max_total_mib: 20", "attachments:", "attachments: max_total_mib 20 does not fit a mail of 25 MiB once base64-encoded, with room for the report's text; use at most 18"},
		{"total under one file", "max_total_mib: 18", "max_total_mib: 5", "attachments:", "attachments: max_files and max_file_mib must be positive, and max_total_mib at least max_file_mib"},
		{"unknown evidence field", "evidence: [channel]", "evidence: [headers]", "    evidence: [channel]", `category "spam": evidence "headers" is not an evidence field of the form; use evidence_urls, rights_documents, channel, message_headers, sender, received_text, source_ip, target, time_window, logs`},
		{"evidence twice", "rights_evidence: [rights_documents]", "rights_evidence: [rights_documents, rights_documents]", "    rights_evidence: [rights_documents]", `category "copyright": evidence "rights_documents" appears twice`},
		{"rights evidence without rights", "    rights_holder: true\n    hours: 12", "    hours: 12", "    rights_evidence: [rights_documents]", `category "copyright": rights_evidence is asked of rights holders only`},
		{"no requester holds rights", "    rights_holder: true\n    title:", "    title:", "requesters:", "requesters: a category asks for the rights declaration, so mark the requesters who hold rights with rights_holder: true"},
		{"duplicate", "id: sbl-listing", "id: spam", "  - id: sbl-listing", `category "spam" appears twice`},
		{"retention not a number", "delivered_reports: 30", "delivered_reports: thirty", "  delivered_reports:", "cannot unmarshal"},
		{"retention zero", "delivered_reports: 30", "delivered_reports: 0", "  delivered_reports:", "retention: delivered_reports is 0; give a number of days from 1 to 3650"},
		{"retention missing a period", "  case_records: 365\n", "", "  delivered_reports:", "retention: case_records is 0; give a number of days from 1 to 3650"},
		{"keys outlive reports", "idempotency_keys: 7", "idempotency_keys: 31", "  idempotency_keys:", "retention: idempotency_keys (31 days) is longer than delivered_reports (30)"},
		{"unknown retention key", "delivered_reports: 30", "delivered_reports: 30\n  dead_letters: 9", "  # What makes a report sent twice", "field dead_letters not found; the keys here are delivered_reports, idempotency_keys, case_records"},
		{"outcome id", "  - id: acted_on", "  - id: Acted_On", "  - id: acted_on", `outcome id "Acted_On": use lower-case letters, digits, underscores and hyphens, starting with a letter`},
		{"outcome twice", "  - id: duplicate\n", "  - id: no_violation\n", "  - id: duplicate\n", `outcome "no_violation" appears twice`},
		{"outcome without a title", "      en: Fixed by the customer\n", "", "  - id: fixed_by_customer", `outcome "fixed_by_customer" has no title in en`},
		{"outcome meaning missing a language", "      en: We found the report well founded", "      xx: We found the report well founded", "  - id: acted_on", `outcome "acted_on" has no meaning in en`},
		{"measure and duplicate", "    duplicate: true\n", "    duplicate: true\n    measure: true\n", "  - id: duplicate\n", `outcome "duplicate": a decision that takes a measure is not a duplicate's; give measure: true or duplicate: true, not both`},
		{"no outcome takes a measure", "    measure: true\n", "", "outcomes:\n  - id: acted_on", "outcomes: categories name measures, so mark the outcome that records one with measure: true"},
		{"unknown key in an outcome", "    measure: true\n", "    measures: true\n", "    measure: true\n", "field measures not found; the keys here are id, measure, duplicate, title, meaning"},
		{"measure id", "  - id: service_ended", "  - id: service ended", "  - id: service_ended", `measure id "service ended": use lower-case letters, digits, underscores and hyphens, starting with a letter`},
		{"measure without a title", "      en: Ports blocked\n", "", "  - id: ports_blocked", `measure "ports_blocked" has no title in en`},
		{"unknown dsa_field", "dsa_field: decision_visibility", "dsa_field: decision_account", "    dsa_field: decision_visibility", `measure "material_removed": dsa_field "decision_account": use decision_visibility or decision_provision`},
		{"dsa_value of another field", "dsa_value: DECISION_PROVISION_TOTAL_TERMINATION", "dsa_value: DECISION_VISIBILITY_CONTENT_REMOVED", "    dsa_value: DECISION_PROVISION_TOTAL_TERMINATION", `measure "service_ended": dsa_value "DECISION_VISIBILITY_CONTENT_REMOVED": write the Transparency Database's value as it is spelt there, in capitals, starting DECISION_PROVISION_`},
		{"dsa_value not in capitals", "dsa_value: DECISION_VISIBILITY_CONTENT_DISABLED", "dsa_value: decision_visibility_content_disabled", "    dsa_value: DECISION_VISIBILITY_CONTENT_DISABLED", `measure "access_disabled": dsa_value "decision_visibility_content_disabled": write the Transparency Database's value as it is spelt there, in capitals, starting DECISION_VISIBILITY_`},
		{"dsa_value missing", "    dsa_value: DECISION_PROVISION_TOTAL_SUSPENSION\n", "", "  - id: service_suspended", `measure "service_suspended": give its dsa_value, the Transparency Database's value, starting DECISION_PROVISION_`},
		{"unknown measure in a category", "measures: [ports_blocked,", "measures: [mail_ports_blocked,", "    measures: [ports_blocked,", `category "spam": measure "mail_ports_blocked" is not one of measures: use material_removed, access_disabled, ports_blocked, outgoing_traffic_suspended, service_suspended, service_ended`},
		{"measure twice in a category", "measures: [service_suspended, service_ended]", "measures: [service_suspended, service_suspended]", "    measures: [service_suspended, service_ended]", `category "botnet": measure "service_suspended" appears twice`},
		{"dsa_category without its prefix", "dsa_category: STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "dsa_category: SCAMS_AND_FRAUD", "    dsa_category: STATEMENT_CATEGORY_SCAMS_AND_FRAUD", `category "phishing": dsa_category "SCAMS_AND_FRAUD": write the Transparency Database's value as it is spelt there, in capitals, starting STATEMENT_CATEGORY_`},
		{"dsa_category prefix alone", "dsa_category: STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "dsa_category: STATEMENT_CATEGORY_", "    dsa_category: STATEMENT_CATEGORY_PROTECTION_OF_MINORS", `category "csam": dsa_category "STATEMENT_CATEGORY_": write the Transparency Database's value`},
		{"dsa_category missing", "    dsa_category: STATEMENT_CATEGORY_PROTECTION_OF_MINORS\n", "", "    measures: [access_disabled, material_removed", `category "csam" names measures, so give its dsa_category, the Transparency Database's category of the statement of reasons, starting STATEMENT_CATEGORY_`},
		{"note twice", "  - id: report_again", "  - id: thanks", "  - id: report_again", `note "thanks" appears twice`},
		{"note missing a language", "      en: Thank you for your report", "      xx: Thank you for your report", "  - id: thanks", `note "thanks" has no text in en`},
		{"unknown key in a category", "    clock: calendar\n    title:\n      uk: Ботнет", "    blocked_forever: true\n    clock: calendar\n    title:\n      uk: Ботнет", "    clock: calendar\n    title:\n      uk: Ботнет", "field blocked_forever not found; the keys here are id, hours, starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := strings.Replace(string(good), tc.from, tc.to, 1)
			if bad == string(good) {
				t.Fatalf("fixture did not change the file: %q not found", tc.from)
			}
			want := fmt.Sprintf("%s:%d: %s", RulesFile, lineOf(tc.at), tc.want)
			_, err := parseRules(RulesFile, []byte(bad), shippedZones, reportFields)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error = %v\nwant it to contain %q", err, want)
			}
		})
	}
}

// TestRetentionIsRequired: rules without a retention section are refused, not read as
// keeping nothing or everything.
func TestRetentionIsRequired(t *testing.T) {
	good, err := fs.ReadFile(FS(), RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(good), "retention:\n")
	end := strings.Index(string(good), "case_records: 365\n")
	if start < 0 || end < 0 {
		t.Fatal("no retention section in the shipped rules")
	}
	bad := string(good[:start]) + string(good[end+len("case_records: 365\n"):])
	_, err = parseRules(RulesFile, []byte(bad), shippedZones, reportFields)
	if err == nil || !strings.Contains(err.Error(), "retention: say how long reports are kept, in days: delivered_reports, idempotency_keys, case_records") {
		t.Errorf("error = %v", err)
	}
}

// TestOutcomesAreRequired: rules without outcomes are refused: the desk could record no
// decision.
func TestOutcomesAreRequired(t *testing.T) {
	good, err := fs.ReadFile(FS(), RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(good), "outcomes:\n")
	end := strings.Index(string(good), "\n# What the desk can do to a customer's service")
	if start < 0 || end < start {
		t.Fatal("no outcomes section before the measures in the shipped rules")
	}
	bad := string(good[:start]) + string(good[end:])
	_, err = parseRules(RulesFile, []byte(bad), shippedZones, reportFields)
	// A key that is not there is placed where the file's mapping starts, its first key.
	first := strings.Count(bad[:strings.Index(bad, "languages:")], "\n") + 1
	if want := fmt.Sprintf("%s:%d: outcomes: name at least one outcome the desk can record", RulesFile, first); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v", err)
	}
}

// TestMeasuresNamedAreGiven: without measures:, every category's measure and the outcome
// that takes one are refused, each on its line.
func TestMeasuresNamedAreGiven(t *testing.T) {
	good, err := fs.ReadFile(FS(), RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(good), "measures:\n  - id: material_removed")
	end := strings.Index(string(good), "\n# The notes the desk may add")
	if start < 0 || end < start {
		t.Fatal("no measures section before the notes in the shipped rules")
	}
	bad := string(good[:start]) + string(good[end:])
	line := func(text string) int { return strings.Count(bad[:strings.Index(bad, text)], "\n") + 1 }
	_, err = parseRules(RulesFile, []byte(bad), shippedZones, reportFields)
	for _, want := range []string{
		fmt.Sprintf("%s:%d: category \"malware\": measure \"material_removed\" is not one of measures: it names none", RulesFile, line("    measures: [material_removed")),
		fmt.Sprintf("%s:%d: outcome \"acted_on\" takes a measure, but measures: names none", RulesFile, line("    measure: true")),
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v\nwant it to contain %q", err, want)
		}
	}
}

// TestClaimNeedsAnAuthority: a category whose hours start on a claim cannot be filed
// against when no requester can file that claim.
func TestClaimNeedsAnAuthority(t *testing.T) {
	good, err := fs.ReadFile(FS(), RulesFile)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.ReplaceAll(string(good), "    authority: true\n", "")
	_, err = parseRules(RulesFile, []byte(bad), shippedZones, reportFields)
	if err == nil || !strings.Contains(err.Error(), "requesters: a category starts on a claim") {
		t.Errorf("error = %v", err)
	}
}

func TestProvider(t *testing.T) {
	langs := []string{"uk", "ru", "en"}
	b, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	p := b.Provider
	if err != nil {
		t.Fatalf("the shipped provider file does not load:\n%v", err)
	}
	if p.Website != "https://abuse.example.com" || p.LegalEntity["uk"] == "" {
		t.Errorf("provider: %+v", p)
	}
	if p.UrgentMailbox == "" || len(p.Hotlines) == 0 || p.Hotlines[0].Title["en"] == "" {
		t.Errorf("provider: urgent mailbox %q, hotlines %+v", p.UrgentMailbox, p.Hotlines)
	}
	bad := "name: X\nlegal_entity: {uk: A, ru: B}\nabuse_mailbox: nobody\nwebsite: http://x.example/path\naddress: {uk: a, ru: b, en: c}\n" +
		"urgent_mailbox: Urgent <u@example.com>\nhotlines:\n  - title: {uk: a, ru: b}\n    url: javascript:alert(1)\n"
	_, err = parseProvider(ProviderFile, []byte(bad), langs)
	for _, want := range []string{"provider.yaml:3: abuse_mailbox", "provider.yaml:4: website", "provider.yaml:2: legal_entity has no en",
		"provider.yaml:6: urgent_mailbox", "provider.yaml:8: hotline has no title in en", `provider.yaml:9: hotline url "javascript:alert(1)"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, want it to contain %q", err, want)
		}
	}
}

// shippedZones reads zones as Load does from the shipped tree.
func shippedZones(name string) ([]byte, error) { return ZoneData(FS(), name) }

// reportFields are the fields of the report the rules may name, as schemas/report gives
// them to Load (WithFields), which is above this package: a copy, for the checks' tests.
var reportFields = &fields{
	all: []string{"lang", "requester", "case_number", "issuing_body", "full_name", "email", "phone", "company",
		"postal_address", "business_address", "share_identity", "category", "resource", "occurred_at",
		"occurred_offset", "message", "evidence_urls", "rights_documents", "channel", "message_headers", "sender",
		"received_text", "source_ip", "target", "time_window", "logs", "declaration", "rights_declaration"},
	evidence: []string{"evidence_urls", "rights_documents", "channel", "message_headers", "sender", "received_text",
		"source_ip", "target", "time_window", "logs"},
}
