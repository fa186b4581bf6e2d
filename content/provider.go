package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"

	"abusedesk/content/policy"
)

type rawProvider struct {
	Name          string              `yaml:"name"`
	LegalEntity   map[string]string   `yaml:"legal_entity"`
	AbuseMailbox  string              `yaml:"abuse_mailbox"`
	Website       string              `yaml:"website"`
	Address       map[string]string   `yaml:"address"`
	UrgentMailbox string              `yaml:"urgent_mailbox"`
	DeskLanguage  string              `yaml:"desk_language"`
	Hotlines      []lined[rawHotline] `yaml:"hotlines"`
	InformsAuth   bool                `yaml:"informs_authorities"`
}

type rawHotline struct {
	Title map[string]string `yaml:"title"`
	URL   string            `yaml:"url"`
}

// parseProvider decodes and checks the provider file for the given languages.
func parseProvider(file string, data []byte, languages []string) (*policy.Provider, error) {
	var doc lined[rawProvider]
	if err := decode(file, data, &doc); err != nil {
		return nil, err
	}
	raw := doc.V
	p := policy.Provider{
		Name: raw.Name, LegalEntity: raw.LegalEntity, AbuseMailbox: raw.AbuseMailbox,
		Website: raw.Website, Address: raw.Address, UrgentMailbox: raw.UrgentMailbox,
		DeskLanguage: raw.DeskLanguage, InformsAuthorities: raw.InformsAuth,
	}
	c := checker{file: file}
	if strings.TrimSpace(p.Name) == "" {
		c.add(doc.at("name"), "name: give the provider's name")
	}
	if _, err := mail.ParseAddress(p.AbuseMailbox); err != nil {
		c.add(doc.at("abuse_mailbox"), fmt.Sprintf("abuse_mailbox %q is not an e-mail address", p.AbuseMailbox))
	}
	if p.UrgentMailbox != "" {
		if a, err := mail.ParseAddress(p.UrgentMailbox); err != nil || a.Name != "" {
			c.add(doc.at("urgent_mailbox"), fmt.Sprintf("urgent_mailbox %q: give a bare e-mail address, or nothing for the abuse desk's own", p.UrgentMailbox))
		}
	}
	if u, err := url.Parse(p.Website); err != nil || u.Scheme != "https" || u.Host == "" || u.Path != "" {
		c.add(doc.at("website"), fmt.Sprintf("website %q: give the site's https address without a path, like https://abuse.example.com", p.Website))
	}
	switch {
	case p.DeskLanguage == "" && len(languages) > 0:
		p.DeskLanguage = languages[0]
	case !slices.Contains(languages, p.DeskLanguage):
		c.add(doc.at("desk_language"), fmt.Sprintf("desk_language %q: name one of the rules' languages (%s)", p.DeskLanguage, strings.Join(languages, ", ")))
	}
	for _, lang := range languages {
		if p.LegalEntity[lang] == "" {
			c.add(doc.at("legal_entity"), "legal_entity has no "+lang)
		}
		if p.Address[lang] == "" {
			c.add(doc.at("address"), "address has no "+lang)
		}
	}
	for _, h := range raw.Hotlines {
		if u, err := url.Parse(h.V.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			c.add(h.at("url"), fmt.Sprintf("hotline url %q: give the channel's web address, like https://example.org/report", h.V.URL))
		}
		for _, lang := range languages {
			if strings.TrimSpace(h.V.Title[lang]) == "" {
				c.add(h.line, "hotline has no title in "+lang)
			}
		}
		p.Hotlines = append(p.Hotlines, policy.Hotline{Title: h.V.Title, URL: h.V.URL})
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return &p, nil
}
