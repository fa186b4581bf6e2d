package content

import (
	"fmt"
	"io/fs"
	"net/mail"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ProviderFile is the name of the provider's identity file within the content tree.
const ProviderFile = "provider.yaml"

// Provider is who publishes the site: shown on every page and used for absolute links.
type Provider struct {
	Name         string            `yaml:"name"`
	LegalEntity  map[string]string `yaml:"legal_entity"`
	AbuseMailbox string            `yaml:"abuse_mailbox"`
	Website      string            `yaml:"website"`
	Address      map[string]string `yaml:"address"`
}

// LoadProvider reads and checks the provider file of fsys for the given languages.
func LoadProvider(fsys fs.FS, languages []string) (*Provider, error) {
	data, err := fs.ReadFile(fsys, ProviderFile)
	if err != nil {
		return nil, fmt.Errorf("loading provider: %w", err)
	}
	var p Provider
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, yamlProblems(ProviderFile, err)
	}
	c := checker{file: ProviderFile}
	line := func(key string) int { return lineOf(data, key+":") }
	if strings.TrimSpace(p.Name) == "" {
		c.add(line("name"), "name: give the provider's name")
	}
	if _, err := mail.ParseAddress(p.AbuseMailbox); err != nil {
		c.add(line("abuse_mailbox"), fmt.Sprintf("abuse_mailbox %q is not an e-mail address", p.AbuseMailbox))
	}
	if u, err := url.Parse(p.Website); err != nil || u.Scheme != "https" || u.Host == "" || u.Path != "" {
		c.add(line("website"), fmt.Sprintf("website %q: give the site's https address without a path, like https://abuse.example.com", p.Website))
	}
	for _, lang := range languages {
		if p.LegalEntity[lang] == "" {
			c.add(line("legal_entity"), "legal_entity has no "+lang)
		}
		if p.Address[lang] == "" {
			c.add(line("address"), "address has no "+lang)
		}
	}
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	return &p, nil
}

// lineOf returns the line on which text first appears in data, or 1.
func lineOf(data []byte, text string) int {
	i := strings.Index(string(data), text)
	if i < 0 {
		return 1
	}
	return strings.Count(string(data[:i]), "\n") + 1
}
