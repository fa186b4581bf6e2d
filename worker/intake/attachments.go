package intake

import (
	"abusedesk/content/i18n"
	"abusedesk/content/policy"
)

// Attachment is one checked file of a report.
type Attachment struct {
	Name   string // the reporter's file name, for display only
	Kind   string // attachment.PDF, … (schemas/attachment.Sniff)
	Data   []byte
	SHA256 string // lower-case hex
}

// fileProblem is what is wrong with one attached file. The schema knows nothing of files
// (they are not part of the JSON document): the rules judge them (policy.Attachments.Check).
type fileProblem struct {
	Name string
	Code policy.FileProblem
}

// text says what is wrong with the file, and what to do, in lang.
func (p fileProblem) text(lang string, lim policy.Attachments) string {
	return i18n.FileProblem(lang, p.Name, p.Code, lim)
}
