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
}
