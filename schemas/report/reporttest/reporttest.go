// Package reporttest makes reports and files for tests: values that mean something in
// HTML, in JSON and in mail, in several scripts, so every path shows what it does with
// them.
package reporttest

import (
	"crypto/sha256"
	"encoding/hex"

	"abusedesk/schemas/report"
)

// Full fills every field of a spam report, with non-ASCII text, line breaks and characters
// that mean something in HTML and in mail.
func Full() map[string]string {
	return map[string]string{
		"lang":             "en",
		"requester":        "person",
		"full_name":        "Олена Коваль-Шевченко",
		"email":            "olena+abuse@mail.example.org",
		"phone":            "+380 (44) 123-45-67",
		"company":          `"Roe & Co" <Kyiv>`,
		"postal_address":   "1 Main St\r\nKyiv 01001",
		"business_address": "2 Side St, Lviv",
		"category":         "spam",
		"resource":         "mx.example.net",
		"message":          "Spam from 192.0.2.7 since 08:00.\r\nHeaders attached =?utf-8?q?x?= =3D.",
		"channel":          "email",
		"message_headers":  "Received: from mx.example.net (192.0.2.7)",
		"declaration":      "yes",
	}
}

// PDF makes a tiny PDF whose content differs with text.
func PDF(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n% " + text + "\ntrailer <</Root 1 0 R>>\n%%EOF\n")
}

// File is data attached under name, as the Worker keeps it once its kind is told.
func File(name string, data []byte, kind string) report.File {
	sum := sha256.Sum256(data)
	return report.File{FileInfo: report.FileInfo{Name: name, Kind: kind, SHA256: hex.EncodeToString(sum[:]), Size: len(data)}, Data: data}
}

// Report is the report of values by name, as the Worker decodes a valid document; a name
// the report does not have is a mistake in the test, and panics.
func Report(values map[string]string) report.Report {
	var r report.Report
	for name, v := range values {
		if !r.Set(name, v) {
			panic("reporttest: the report has no field " + name)
		}
	}
	return r
}
