// Package email writes the messages the Worker sends, as pure functions of what it
// received: to the abuse desk, a filed report as a multipart/report (a text part, the XARF
// v4 report, the files); to the editors, a reader's typo note. Nothing a reporter or a
// reader typed can add a header, end a part early or make a line too long for mail.
package email

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"abusedesk/content/i18n"
	"abusedesk/content/policy"
	"abusedesk/schemas/browsercheck"
	"abusedesk/worker/links"
)

// Config is what the messages are written from.
type Config struct {
	// Rules give the categories' titles, the deadlines and the provider's language, in
	// which every message is written; Words are the catalog it is written with.
	Rules *policy.Rules
	Words *i18n.Catalog
	// XARF says how each category is written in the report's XARF part.
	XARF *policy.XARF
	// Fields are the report's fields in the form's order, as the text lists them.
	Fields []browsercheck.Field
	// From is the sender of every message and Desk the abuse mailbox, as RFC 5322
	// addresses ("abusedesk@example.com" or "Abuse desk <abusedesk@example.com>").
	From, Desk string
	// Urgent is the mailbox of the urgent categories' reports; empty, Desk.
	Urgent string
	// Provider is who runs the abuse desk: named as the reporter in what the desk forwards
	// to a customer when the reporter did not agree to be named, and in the confirmation
	// a reporter gets, with the site's address for its links.
	Provider *policy.Provider
	// Links signs the private links the messages carry: the reporter's status link, the
	// desk's link to a report's page. Nil, the messages carry none.
	Links *links.Signer
}

// Writer writes the Worker's messages. It is safe for concurrent use.
type Writer struct {
	rules    *policy.Rules
	words    *i18n.Catalog
	xarf     *policy.XARF
	fields   []browsercheck.Field
	from, to *mail.Address
	urgent   *mail.Address
	provider *policy.Provider
	links    *links.Signer
	// abuseMailbox is the address the public writes to the desk at, which a
	// confirmation's replies reach.
	abuseMailbox *mail.Address
}

// New checks c once: the addresses parse. (A category without a XARF class is one the
// mapping says has none: its mail carries no XARF part.)
func New(c Config) (*Writer, error) {
	if c.Rules == nil || c.Words == nil || c.XARF == nil || len(c.Fields) == 0 || c.Provider == nil {
		return nil, errors.New("email: New needs the rules, the catalog, the XARF mapping, the report's fields and the provider")
	}
	w := &Writer{rules: c.Rules, words: c.Words, xarf: c.XARF, fields: c.Fields, provider: c.Provider, links: c.Links}
	var err error
	if w.abuseMailbox, err = ParseAddress("abuse mailbox of provider.yaml", c.Provider.AbuseMailbox); err != nil {
		return nil, err
	}
	if w.from, err = ParseAddress("sender", c.From); err != nil {
		return nil, err
	}
	if w.to, err = ParseAddress("abuse mailbox", c.Desk); err != nil {
		return nil, err
	}
	w.urgent = w.to
	if c.Urgent != "" {
		if w.urgent, err = ParseAddress("urgent mailbox", c.Urgent); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// ParseAddress reads one RFC 5322 address; what names the address in the error.
func ParseAddress(what, s string) (*mail.Address, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("email: no %s address", what)
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("email: %s address %q: %w", what, s, err)
	}
	return a, nil
}

// lang is the desk's language (provider.yaml's desk_language), in which the desk and the
// editors read.
func (w *Writer) lang() string {
	if l := w.provider.DeskLanguage; l != "" {
		return l
	}
	return w.rules.Languages[0]
}

// messageID makes a Message-ID on the sender's domain.
func (w *Writer) messageID(local string) string {
	return "<" + local + "@" + domain(w.from.Address) + ">"
}

// domain is the part of an address after the last @.
func domain(addr string) string {
	return addr[strings.LastIndex(addr, "@")+1:]
}
