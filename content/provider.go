package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"

	"abusedesk/content/policy"
)

type rawProvider struct {
	Name         string            `yaml:"name"`
	LegalEntity  map[string]string `yaml:"legal_entity"`
	AbuseMailbox string            `yaml:"abuse_mailbox"`
	Website      string            `yaml:"website"`
	Address      map[string]string `yaml:"address"`
}

// parseProvider decodes and checks the provider file for the given languages.
func parseProvider(file string, data []byte, languages []string) (*policy.Provider, error) {
	var doc lined[rawProvider]
	if err := decode(file, data, &doc); err != nil {
		return nil, err
	}
	p := policy.Provider(doc.V)
	c := checker{file: file}
	if strings.TrimSpace(p.Name) == "" {
		c.add(doc.at("name"), "name: give the provider's name")
	}
	if _, err := mail.ParseAddress(p.AbuseMailbox); err != nil {
		c.add(doc.at("abuse_mailbox"), fmt.Sprintf("abuse_mailbox %q is not an e-mail address", p.AbuseMailbox))
	}
	if u, err := url.Parse(p.Website); err != nil || u.Scheme != "https" || u.Host == "" || u.Path != "" {
		c.add(doc.at("website"), fmt.Sprintf("website %q: give the site's https address without a path, like https://abuse.example.com", p.Website))
	}
	for _, lang := range languages {
		if p.LegalEntity[lang] == "" {
			c.add(doc.at("legal_entity"), "legal_entity has no "+lang)
		}
		if p.Address[lang] == "" {
			c.add(doc.at("address"), "address has no "+lang)
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return &p, nil
}
