package policy

// Provider is who publishes the site and answers its complaints: named on every page,
// with the site's public address for the links that must be absolute.
type Provider struct {
	Name string
	// LegalEntity and Address are by language.
	LegalEntity  map[string]string
	AbuseMailbox string
	// Website is the site's https address, without a path.
	Website string
	Address map[string]string
	// UrgentMailbox receives the mail about reports of an urgent category; empty, the
	// abuse desk's own mailbox does.
	UrgentMailbox string
	// DeskLanguage is the language the abuse desk reads: its mail, its page of a report,
	// the statement of reasons it sends. One of the rules' languages; the first when the
	// provider names none.
	DeskLanguage string
	// Hotlines are where the public can report what an urgent category is about to the
	// authorities too: the form lists them under the category's warning.
	Hotlines []Hotline
	// InformsAuthorities says the provider itself reports child sexual abuse material to
	// the authorities once a report of it is verified; the receipt of such a report says
	// whether it does.
	InformsAuthorities bool
}

// Hotline is one channel of the authorities', by language, and its address.
type Hotline struct {
	Title map[string]string
	URL   string
}
