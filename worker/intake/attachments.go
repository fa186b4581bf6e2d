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

// The problems a file can have.
const (
	fileTooLarge  = "too_large" // over the rules' per-file cap
	filesTooLarge = "total"     // would take the files over the rules' total cap
	tooManyFiles  = "too_many"  // beyond the rules' number of files
	fileType      = "type"      // none of the kinds the rules allow, by its first bytes
	fileEmpty     = "empty"
)

// fileProblem is what is wrong with one attached file. The schema knows nothing of files
// (they are not part of the JSON document), so these are checked and worded here.
type fileProblem struct {
	Name  string
	Code  string
	Limit int64 // MiB for the size caps, a count for tooManyFiles
}

// text says what is wrong with the file, and what to do, in lang.
func (p fileProblem) text(lang string, lim policy.Attachments) string {
	key := "err." + AttachmentsField + "." + p.Code
	switch p.Code {
	case fileTooLarge, filesTooLarge, tooManyFiles:
		return i18n.Count(lang, key, int(p.Limit), "name", p.Name)
	case fileType:
		return i18n.Text(lang, key, "name", p.Name, "kinds", i18n.Kinds(lang, lim.Types))
	default:
		return i18n.Text(lang, key, "name", p.Name)
	}
}
