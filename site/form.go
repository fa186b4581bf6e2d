package site

import (
	"fmt"
	"html/template"
	"io"

	"abusedesk/content/i18n"
	"abusedesk/schemas/report"
)

// FormPage is the Report Abuse form in one language: empty, or as the reporter sent it
// with the problems found, so nothing they typed is lost.
type FormPage struct {
	Lang     string
	Values   map[string]string
	Problems []report.Problem
}

// Receipt is what a reporter sees once a report is accepted.
type Receipt struct {
	Lang      string
	Reference string
	// Deadlines are the sentences of i18n.Deadlines for this report.
	Deadlines []string
}

// formView is the form as its template needs it.
type formView struct {
	Fields   []fieldView
	Problems []problemView
	Data     template.JS
}

type fieldView struct {
	Name, Label, Hint, Error string
	Widget, Autocomplete     string
	Required                 bool
	MaxLength                int
	Value                    string
	Options                  []option
	Placeholder              string
	Hidden                   bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type problemView struct {
	Field, Message string
}

// RenderForm writes the form page.
func (s *Site) RenderForm(w io.Writer, f FormPage) error {
	if !s.hasLanguage(f.Lang) {
		f.Lang = s.rules.Languages[0]
	}
	p, ok := s.Page(f.Lang, "report")
	if !ok {
		return fmt.Errorf("no report page in %s", f.Lang)
	}
	data, err := s.pageData(f.Lang)
	if err != nil {
		return err
	}
	fv := &formView{Data: data}
	messages := map[string]string{}
	for _, pr := range f.Problems {
		msg := i18n.ProblemText(f.Lang, pr)
		messages[pr.Field] = msg
		fv.Problems = append(fv.Problems, problemView{pr.Field, msg})
	}
	for _, field := range s.spec.Fields {
		v := fieldView{
			Name: field.Name, Widget: field.Widget, Autocomplete: field.Autocomplete,
			Required: field.Required, MaxLength: field.MaxLength,
			Label: i18n.Text(f.Lang, "field."+field.Name+".label"),
			Value: f.Values[field.Name], Error: messages[field.Name],
		}
		if hint := "field." + field.Name + ".hint"; i18n.Text(f.Lang, hint) != hint {
			v.Hint = i18n.Text(f.Lang, hint)
		}
		switch field.Name {
		case "lang":
			v.Hidden, v.Value = true, f.Lang
		case "category":
			v.Placeholder = i18n.Text(f.Lang, "form.category.choose")
			for _, c := range s.rules.Categories {
				v.Options = append(v.Options, option{Value: c.ID, Label: c.Title[f.Lang], Selected: c.ID == v.Value})
			}
		}
		fv.Fields = append(fv.Fields, v)
	}
	return s.render(w, "report.html", view{Page: p, Form: fv})
}

// RenderReceipt writes the page that confirms a report was received.
func (s *Site) RenderReceipt(w io.Writer, r Receipt) error {
	if !s.hasLanguage(r.Lang) {
		r.Lang = s.rules.Languages[0]
	}
	p, ok := s.Page(r.Lang, "report")
	if !ok {
		return fmt.Errorf("no report page in %s", r.Lang)
	}
	receipt := *p
	receipt.Title = i18n.Text(r.Lang, "receipt.title")
	return s.render(w, "receipt.html", view{Page: &receipt, Receipt: &r})
}
