package content

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"abusedesk/content/policy"
)

// XARFTypes are XARF v4's types, by category, as its master schema lists them
// (xarf-v4-master.json): the inbound table (XARFInboundFile) lists each once. A test holds
// the list to the schema where ../shared/xarf-v4 is at hand.
var XARFTypes = map[string][]string{
	"messaging":      {"spam", "bulk_messaging"},
	"connection":     {"login_attack", "port_scan", "ddos", "infected_host", "reconnaissance", "scraping", "sql_injection", "vulnerability_scan"},
	"vulnerability":  {"cve", "open_service", "misconfiguration"},
	"reputation":     {"blocklist", "threat_intelligence"},
	"infrastructure": {"botnet", "compromised_server"},
	"content":        {"phishing", "malware", "csam", "csem", "exposed_data", "brand_infringement", "fraud", "remote_compromise", "suspicious_registration"},
	"copyright":      {"copyright", "p2p", "cyberlocker", "ugc_platform", "link_site", "usenet"},
}

type rawInbound struct {
	Types []lined[rawRoute] `yaml:"types"`
}

type rawRoute struct {
	XARF       string            `yaml:"xarf"`
	Category   string            `yaml:"category"`
	By         string            `yaml:"by"`
	Categories map[string]string `yaml:"categories"`
	Otherwise  string            `yaml:"otherwise"`
	None       bool              `yaml:"none"`
}

// parseXARFInbound decodes and checks the inbound table against the rules and XARF v4's
// types: every type listed once, each with a category of the rules, a property and its
// values' categories, or none.
func parseXARFInbound(file string, data []byte, rules *policy.Rules) ([]policy.XARFRoute, error) {
	var doc lined[rawInbound]
	if err := decode(file, data, &doc); err != nil {
		return nil, err
	}
	c := checker{file: file}
	known := func(line int, what, id string) {
		if _, ok := rules.Category(id); !ok {
			c.add(line, fmt.Sprintf("%s: category %q is not in %s", what, id, RulesFile))
		}
	}
	var routes []policy.XARFRoute
	listed := map[string]bool{}
	for _, l := range doc.V.Types {
		raw, line := l.V, l.line
		cat, typ, _ := strings.Cut(raw.XARF, "/")
		if !slices.Contains(XARFTypes[cat], typ) {
			c.add(l.at("xarf"), fmt.Sprintf("xarf %q: not a XARF v4 type; write category/type, like connection/ddos", raw.XARF))
			continue
		}
		if listed[raw.XARF] {
			c.add(l.at("xarf"), fmt.Sprintf("%s is listed twice", raw.XARF))
			continue
		}
		listed[raw.XARF] = true
		r := policy.XARFRoute{Class: raw.XARF, To: raw.Category, By: raw.By, Categories: raw.Categories, Otherwise: raw.Otherwise, None: raw.None}
		switch {
		case r.None:
			if r.To != "" || r.By != "" || len(r.Categories) > 0 || r.Otherwise != "" {
				c.add(line, fmt.Sprintf("%s: none: true, yet a category: give one or the other", raw.XARF))
			}
		case r.To != "":
			if r.By != "" || len(r.Categories) > 0 || r.Otherwise != "" {
				c.add(line, fmt.Sprintf("%s: category, and by, categories or otherwise: give category alone, or by with categories", raw.XARF))
			}
			known(l.at("category"), raw.XARF, r.To)
		case r.By != "":
			if len(r.Categories) == 0 {
				c.add(l.at("by"), fmt.Sprintf("%s: by %s without categories: map its values, like spam: spam", raw.XARF, r.By))
			}
			for _, v := range slices.Sorted(maps.Keys(r.Categories)) {
				known(l.at("categories"), raw.XARF+" "+r.By+" "+v, r.Categories[v])
			}
			if r.Otherwise != "" {
				known(l.at("otherwise"), raw.XARF+" otherwise", r.Otherwise)
			}
		default:
			c.add(line, fmt.Sprintf("%s: give a category, by with categories, or none: true", raw.XARF))
		}
		routes = append(routes, r)
	}
	for _, cat := range xarfCategories {
		for _, typ := range XARFTypes[cat] {
			if class := cat + "/" + typ; !listed[class] {
				c.add(doc.at("types"), fmt.Sprintf("XARF type %s is not listed: give its category, or none: true with a comment saying why", class))
			}
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return routes, nil
}
