package policy

// XARF says how the provider's categories are written in XARF v4, the machine-readable
// abuse report format that the mail to the abuse mailbox carries beside its text, so an
// abuse desk can ingest a report without reading it.
type XARF struct {
	// Version is the XARF version the reports declare, like "4.2.0".
	Version string
	// Categories maps each category's ID to its XARF class. A category without one has
	// no XARF type that fits it (child sexual abuse material, whose type asks for a legal
	// classification no reporter can give): its mail carries no XARF part.
	Categories map[string]XARFClass
}

// XARFClass is one category's XARF category and type, and the properties that type
// requires: Fields are text, in which {url}, {source}, {message} and {first_seen} stand for
// what the report says (see XARFPlaceholders); Lists are arrays of fixed values.
type XARFClass struct {
	Category, Type string
	Fields         map[string]string
	Lists          map[string][]string `json:",omitempty"`
}

// XARFPlaceholders are what a property's value may refer to: the reported resource as a
// URL, its host or IP address (or the source IP the reporter gave), the reporter's
// description, and when the abuse happened (RFC 3339; the receipt when not given).
var XARFPlaceholders = []string{"url", "source", "message", "first_seen"}
