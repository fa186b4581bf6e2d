package browsercheck

import "slices"

// Which fields a reporter sees. The form asks its First questions (who is reporting, and
// what about) before anything else; once each is answered the other fields show, but a
// field only some answers ask for (Hideable: evidence, an authority's case, a rights
// holder's declaration) shows only while a condition that requires it holds, and the
// fields that condition reads show themselves (a spam channel chosen before the category
// changed asks for nothing). The site writes these rules as the form's stylesheet, the
// browser module follows them, and the Worker drops what they hide: one answer to "is this
// field on the reporter's screen?" everywhere.

// Test is one test of a field's answer: one of Values, or, with no Values, any answer.
type Test struct {
	Field  string
	Values []string
}

// Holds reports whether the answer that value reads passes t.
func (t Test) Holds(value func(field string) string) bool {
	v := value(t.Field)
	if len(t.Values) == 0 {
		return v != ""
	}
	return contains(t.Values, v)
}

// Clause holds when each of its Tests does.
type Clause []Test

// Holds reports whether every test of c passes.
func (c Clause) Holds(value func(field string) string) bool {
	for _, t := range c {
		if !t.Holds(value) {
			return false
		}
	}
	return true
}

// Hideable reports whether the named field shows only when an answer asks for it: a field
// of a group, or a box not every report ticks, that some condition requires.
func (s *Spec) Hideable(name string) bool {
	f, ok := s.Field(name)
	return ok && (f.Group != "" || f.Widget == "checkbox" && !f.Required) && s.Conditional(name)
}

// Gate is the form's first questions, each to be answered before the other fields show:
// one Test a First field. Nil when the form has none (the typo note).
func (s *Spec) Gate() Clause {
	var gate Clause
	for _, f := range s.Fields {
		if f.First {
			gate = append(gate, Test{Field: f.Name})
		}
	}
	return gate
}

// ShowWhen says when the named field shows: when one of the clauses holds; nil when it
// always does (a first question, a hidden field, any field of a form without a gate).
// Clauses that differ in the values of one field alone are merged, so a field of several
// categories has one clause naming them all.
func (s *Spec) ShowWhen(name string) []Clause {
	f, ok := s.Field(name)
	gate := s.Gate()
	if !ok || f.First || f.Widget == "hidden" {
		return nil
	}
	if !s.Hideable(name) {
		if len(gate) == 0 {
			return nil
		}
		return []Clause{gate}
	}
	var out []Clause
	for _, c := range s.When {
		if !contains(c.Require, name) || c.Is == "" {
			continue
		}
		own := Clause{{c.Field, []string{c.Is}}}
		if c.AndField != "" {
			own = append(own, Test{c.AndField, []string{c.AndIs}})
		}
		base, ok := s.Join(gate, own)
		if !ok {
			continue
		}
		clauses := []Clause{base}
		// The fields the condition reads must be on the screen themselves.
		for _, driver := range []string{c.Field, c.AndField} {
			if driver == "" || !s.Hideable(driver) {
				continue
			}
			var crossed []Clause
			for _, a := range clauses {
				for _, b := range s.ShowWhen(driver) {
					if joined, ok := s.Join(a, b); ok {
						crossed = append(crossed, joined)
					}
				}
			}
			clauses = crossed
		}
		out = append(out, clauses...)
	}
	return Merge(out)
}

// Visibility is when each field of a Spec shows (ShowWhen), worked out once: the Worker
// asks it of every report, and the browser module at every answer, what would otherwise
// be joined and merged again for each field each time.
type Visibility struct {
	spec *Spec
	// hideable and when are Hideable and ShowWhen of each field of spec.
	hideable map[string]bool
	when     map[string][]Clause
}

// Visibility works out when each of the form's fields shows. The Spec must not change
// after.
func (s *Spec) Visibility() *Visibility {
	v := &Visibility{spec: s, hideable: map[string]bool{}, when: map[string][]Clause{}}
	for _, f := range s.Fields {
		v.hideable[f.Name] = s.Hideable(f.Name)
		v.when[f.Name] = s.ShowWhen(f.Name)
	}
	return v
}

// Shown reports whether the named field is on the reporter's screen, given the answers
// value reads (as Normalize leaves them).
func (v *Visibility) Shown(name string, value func(field string) string) bool {
	when := v.when[name] // nil for a field the form lacks, as ShowWhen's
	if when == nil {
		return true
	}
	for _, c := range when {
		if c.Holds(value) {
			return true
		}
	}
	return false
}

// Hideable is the Spec's Hideable, known for each of its fields.
func (v *Visibility) Hideable(name string) bool { return v.hideable[name] }

// Unseen names the Hideable fields the answers value reads do not show, in the form's
// order: what the Worker drops from a report before it judges it, so that nothing the
// reporter cannot see blocks a send or is kept.
func (v *Visibility) Unseen(value func(field string) string) []string {
	var out []string
	for _, f := range v.spec.Fields {
		if v.hideable[f.Name] && !v.Shown(f.Name, value) {
			out = append(out, f.Name)
		}
	}
	return out
}

// Join is the clause of a and b together, its tests in the form's order, one a field;
// false when they cannot both hold (two tests of a field with no value in common).
func (s *Spec) Join(a, b Clause) (Clause, bool) {
	var out Clause
	both := append(slices.Clip(a), b...)
	for _, f := range s.Fields {
		var t *Test
		for _, x := range both {
			if x.Field != f.Name {
				continue
			}
			switch {
			case t == nil:
				t = &Test{x.Field, slices.Clone(x.Values)}
			case len(x.Values) == 0:
			case len(t.Values) == 0:
				t.Values = slices.Clone(x.Values)
			default:
				t.Values = slices.DeleteFunc(t.Values, func(v string) bool { return !contains(x.Values, v) })
				if len(t.Values) == 0 {
					return nil, false
				}
			}
		}
		if t != nil {
			out = append(out, *t)
		}
	}
	return out, true
}

// Merge merges clauses that test the same fields with the same values but for one
// field, taking the values of both for it, until no two can be merged.
func Merge(cs []Clause) []Clause {
	for merged := true; merged; {
		merged = false
	search:
		for i := range cs {
			for j := i + 1; j < len(cs); j++ {
				if m, ok := mergeTwo(cs[i], cs[j]); ok {
					cs[i] = m
					cs = slices.Delete(cs, j, j+1)
					merged = true
					break search
				}
			}
		}
	}
	return cs
}

// mergeTwo is a or b as one clause, when they differ in one field's values alone.
func mergeTwo(a, b Clause) (Clause, bool) {
	if len(a) != len(b) {
		return nil, false
	}
	diff := -1
	for i := range a {
		if a[i].Field != b[i].Field {
			return nil, false
		}
		if slices.Equal(a[i].Values, b[i].Values) {
			continue
		}
		if diff >= 0 || len(a[i].Values) == 0 || len(b[i].Values) == 0 {
			return nil, false
		}
		diff = i
	}
	out := slices.Clone(a)
	if diff >= 0 {
		values := slices.Clone(a[diff].Values)
		for _, v := range b[diff].Values {
			if !contains(values, v) {
				values = append(values, v)
			}
		}
		out[diff] = Test{a[diff].Field, values}
	}
	return out, true
}
