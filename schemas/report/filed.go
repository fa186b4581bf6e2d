package report

import "time"

// Filed is a report once accepted: numbered, dated and kept until it is mailed, with
// everything needed to mail it again, by anyone, at any later time. It is what the Worker
// stores (as JSON, so its tags are a format kept in storage) and what its mail is made of.
type Filed struct {
	Reference string    `json:"reference"`
	Received  time.Time `json:"received"`
	// Lang is the language the reporter used; the answers they got were in it.
	Lang string `json:"lang"`
	// Fields are the report's fields as they passed the schema: strings, trimmed.
	Fields map[string]string `json:"fields"`
	// Declared are the words of the declaration the reporter made, as the form showed
	// them in Lang: the rules' words may change before the report is mailed.
	Declared string `json:"declared,omitempty"`
	// DeclaredRights are the words of the rights declaration the reporter made too, in a
	// category that asks for it.
	DeclaredRights string `json:"declared_rights,omitempty"`
	// Files describe the attached files, in order; their bytes are kept beside.
	Files []FileInfo `json:"attachments,omitempty"`
	// Key names the object that holds the claim of the idempotency key the report was
	// posted with, if any, so that erasing the report erases it too.
	Key string `json:"key,omitempty"`
	// Confirm says a confirmation of receipt was promised to the reporter's address.
	Confirm bool `json:"confirm,omitempty"`
}

// FileInfo describes one attached file.
type FileInfo struct {
	// Name is the reporter's name for the file, for display only.
	Name string `json:"name"`
	// Kind is what content/attachment.Sniff told from its first bytes.
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"` // lower-case hex
	Size   int    `json:"size"`
}

// File is one attached file with its bytes.
type File struct {
	FileInfo
	Data []byte
}
