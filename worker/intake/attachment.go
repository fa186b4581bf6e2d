package intake

// Attachment is one checked file of a report.
type Attachment struct {
	Name   string // the reporter's file name, for display only
	Kind   string // attachment.PDF, … (schemas/attachment.Sniff)
	Data   []byte
	SHA256 string // lower-case hex
}
