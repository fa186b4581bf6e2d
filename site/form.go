package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io"

	"abusedesk/schemas/api"
	"abusedesk/schemas/dom"
	"abusedesk/site/formhtml"
)

// RenderForm writes the form page: empty, or with the reporter's values and problems.
func (s *Site) RenderForm(w io.Writer, f formhtml.Form) error {
	if !s.hasLanguage(f.Lang) {
		f.Lang = s.rules.Languages[0]
	}
	p, ok := s.Page(f.Lang, api.FormPage)
	if !ok {
		return fmt.Errorf("no report page in %s", f.Lang)
	}
	// The region's marks go in with it: html/template strips comments from templates.
	var main bytes.Buffer
	main.WriteString(formhtml.Mark("main"))
	if err := s.forms.Write(&main, f, p.Title, string(p.Body)); err != nil {
		return err
	}
	main.WriteString(formhtml.EndMark("main"))
	data, err := s.pageData(f.Lang)
	if err != nil {
		return err
	}
	page := *p
	page.Title = s.forms.Title(f, p.Title)
	return s.render(w, "report.html", view{Page: &page, Main: template.HTML(main.String()), FormData: data, FormDataID: dom.FormData})
}

// RenderReceipt writes the page that confirms a report was received: the form page with
// the receipt in place of the form, as the Worker makes it.
func (s *Site) RenderReceipt(w io.Writer, r formhtml.Receipt) error {
	if !s.hasLanguage(r.Lang) {
		r.Lang = s.rules.Languages[0]
	}
	var page bytes.Buffer
	if err := s.RenderForm(&page, formhtml.Form{Lang: r.Lang}); err != nil {
		return err
	}
	out, err := s.forms.ReceiptPage(page.Bytes(), r)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// RenderStatusForm writes the reporter's status page p: its Markdown as the intro, then the
// form that asks for a report's reference and access code, in a marked region the Worker
// replaces with the report's status (formhtml's StatusPage).
func (s *Site) RenderStatusForm(w io.Writer, p *Page) error {
	var main bytes.Buffer
	main.WriteString(formhtml.Mark("main"))
	if err := s.forms.WriteStatusForm(&main, p.Lang, p.Title, string(p.Body), ""); err != nil {
		return err
	}
	main.WriteString(formhtml.EndMark("main"))
	return s.render(w, "status.html", view{Page: p, Main: template.HTML(main.String())})
}
