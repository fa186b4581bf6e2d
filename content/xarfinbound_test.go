package content

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestXARFInboundLoads(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatalf("the shipped content does not load:\n%v", err)
	}
	x := b.XARF
	value := func(props map[string]string) func(string) (string, bool) {
		return func(name string) (string, bool) { v, ok := props[name]; return v, ok }
	}
	for _, c := range []struct {
		class string
		props map[string]string
		want  string
	}{
		{"connection/ddos", nil, "ddos"},
		{"connection/login_attack", nil, "brute-force"},
		{"connection/port_scan", nil, "network-attack"},
		{"connection/infected_host", nil, "botnet"},
		{"messaging/spam", nil, "spam"},
		{"content/phishing", nil, "phishing"},
		{"content/malware", nil, "malware"},
		{"content/csam", nil, "csam"},
		{"infrastructure/botnet", nil, "botnet"},
		{"copyright/p2p", nil, "copyright"},
		{"vulnerability/cve", nil, "vulnerability"},
		// Several categories share one XARF type: its threat_type decides, and the same
		// threat is another category on a blocklist than in threat intelligence.
		{"reputation/threat_intelligence", map[string]string{"threat_type": "spamvertised_website"}, "spamvertised"},
		{"reputation/threat_intelligence", map[string]string{"threat_type": "ddos"}, "ddos"},
		{"reputation/threat_intelligence", map[string]string{"threat_type": "spam"}, "spam"},
		{"reputation/blocklist", map[string]string{"threat_type": "spam"}, "sbl-listing"},
		{"vulnerability/open_service", map[string]string{"service": "dns"}, "open-resolver"},
		{"vulnerability/open_service", map[string]string{"service": "rdp"}, "vulnerability"},
		{"vulnerability/open_service", nil, "vulnerability"},
		// Refused: a type no category fits, a threat the table does not know, no threat.
		{"connection/scraping", nil, ""},
		{"messaging/bulk_messaging", nil, ""},
		{"reputation/threat_intelligence", map[string]string{"threat_type": "astrology"}, ""},
		{"reputation/blocklist", nil, ""},
		{"content/nonsense", nil, ""},
	} {
		if got := x.FileAs(c.class, value(c.props)); got != c.want {
			t.Errorf("%s %v is filed under %q, want %q", c.class, c.props, got, c.want)
		}
	}
	if len(x.Routes) != 32 {
		t.Errorf("%d routes, want one for each of XARF v4's 32 types", len(x.Routes))
	}
}

func TestXARFInboundProblemsNameTheLine(t *testing.T) {
	b, err := Load(FS())
	if err != nil {
		t.Fatal(err)
	}
	data := "types:\n" +
		"  - xarf: messaging/spam\n" + // 2
		"    category: spam\n" +
		"  - xarf: messaging/spam\n" + // 4
		"    category: spam\n" +
		"  - xarf: connection/ddos\n" + // 6
		"    category: dos\n" + // 7
		"  - xarf: connection/flood\n" + // 8
		"    category: ddos\n" +
		"  - xarf: reputation/blocklist\n" + // 10
		"    by: threat_type\n" + // 11
		"  - xarf: reputation/threat_intelligence\n" + // 12
		"    by: threat_type\n" +
		"    categories: {spam: spamming}\n" + // 14
		"  - xarf: content/csam\n" + // 15
		"    none: true\n" +
		"    category: csam\n" +
		"  - xarf: content/malware\n" + // 18
		"    gategory: malware\n" // 19
	_, err = parseXARFInbound("xarf-inbound.yaml", []byte(data), b.Rules)
	if err == nil {
		t.Fatal("a broken table loaded")
	}
	got := err.Error()
	for _, want := range []string{
		`xarf-inbound.yaml:19: field gategory not found`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	data = strings.Replace(data, "gategory", "category", 1)
	_, err = parseXARFInbound("xarf-inbound.yaml", []byte(data), b.Rules)
	got = err.Error()
	for _, want := range []string{
		`xarf-inbound.yaml:4: messaging/spam is listed twice`,
		`xarf-inbound.yaml:7: connection/ddos: category "dos" is not in rules.yaml`,
		`xarf-inbound.yaml:8: xarf "connection/flood": not a XARF v4 type`,
		`xarf-inbound.yaml:11: reputation/blocklist: by threat_type without categories`,
		`xarf-inbound.yaml:14: reputation/threat_intelligence threat_type spam: category "spamming" is not in rules.yaml`,
		`xarf-inbound.yaml:15: content/csam: none: true, yet a category`,
		`xarf-inbound.yaml:1: XARF type connection/port_scan is not listed`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
}

// TestXARFTypesAreTheMasters holds XARFTypes to the XARF v4 master schema's list of
// category and type pairs, when ../shared/xarf-v4 is at hand.
func TestXARFTypesAreTheMasters(t *testing.T) {
	const master = "../../shared/xarf-v4/schemas/v4/xarf-v4-master.json"
	data, err := os.ReadFile(master)
	if err != nil {
		t.Skipf("the XARF v4 master schema is not at %s (%v): the list of types is not checked", master, err)
	}
	var schema struct {
		AllOf []struct {
			AnyOf []struct {
				Properties struct {
					Category struct{ Const string }  `json:"category"`
					Type     struct{ Enum []string } `json:"type"`
				} `json:"properties"`
			} `json:"anyOf"`
		} `json:"allOf"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, part := range schema.AllOf {
		for _, pair := range part.AnyOf {
			got[pair.Properties.Category.Const] = pair.Properties.Type.Enum
		}
	}
	if len(got) != len(XARFTypes) {
		t.Errorf("the master schema has %d categories, XARFTypes %d", len(got), len(XARFTypes))
	}
	for cat, types := range got {
		if !slices.Equal(slices.Sorted(slices.Values(types)), slices.Sorted(slices.Values(XARFTypes[cat]))) {
			t.Errorf("%s: the master schema lists %v, XARFTypes %v", cat, types, XARFTypes[cat])
		}
	}
}
