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
	// Routes are the other way: which category a XARF report that a machine reporter
	// posts is filed under, one route for each XARF v4 type (xarf-inbound.yaml). They
	// are not Categories read backwards: several categories share one XARF type.
	Routes []XARFRoute
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

// XARFRoute is how a XARF report a machine reporter posts is filed: the rules' category
// its XARF category and type (Class, "category/type") stand for. Most types stand for one
// category (To); some only with the value of one of their properties (By names it,
// Categories maps each value, Otherwise takes any other, "" refusing it), since several
// of the rules' categories share one XARF type (reputation/threat_intelligence, say). A
// route with None takes no reports of its type: none of the rules' categories fits it.
type XARFRoute struct {
	Class      string
	To         string
	By         string
	Categories map[string]string `json:",omitempty"`
	Otherwise  string
	None       bool
}

// Inbound finds the route of the XARF class "category/type"; ok is false when the table has
// none.
func (x *XARF) Inbound(class string) (XARFRoute, bool) {
	for _, r := range x.Routes {
		if r.Class == class {
			return r, true
		}
	}
	return XARFRoute{}, false
}

// FileAs is the rules' category a XARF report of the class "category/type" is filed under,
// given what value reads of its properties (a string, or false when it has none). "" when
// the table files it under none: its type is refused, or the property its route looks at
// has a value no category stands for (or none at all).
func (x *XARF) FileAs(class string, value func(property string) (string, bool)) string {
	r, ok := x.Inbound(class)
	switch {
	case !ok || r.None:
		return ""
	case r.By == "":
		return r.To
	}
	if v, ok := value(r.By); ok {
		if id, ok := r.Categories[v]; ok {
			return id
		}
	}
	return r.Otherwise
}
