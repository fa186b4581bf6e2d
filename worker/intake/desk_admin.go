package intake

import (
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"abusedesk/schemas/api"
	"abusedesk/site/formhtml"
	"abusedesk/worker/delivery"
)

// maxStepBody caps a step posted to api.DecisionPath: the JSON of a customer's answer of
// answerMax characters, escaped, and the rest.
const maxStepBody = 64 << 10

// decide records a step of the case of a report for the desk's own tools, with the
// operator's token (api.DecisionPath): the desk page's step as JSON (api.Step), checked
// the same way, by the Access identity or the operator. It answers the case as it now
// stands (api.Case), with its statement of reasons when its decision restricted the
// customer's service. Given expected_step, a step sent again records nothing: the answer
// is the case as it is, with the code step_taken; without it, every post is a step.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request) {
	lang := h.deskLang
	ref := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, api.ReportPath), api.DecisionSuffix)
	if t, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); t != "application/json" {
		h.failJSON(w, r, lang, api.Outcomes.MediaType)
		return
	}
	var step api.Step
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxStepBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&step); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			h.failJSON(w, r, lang, api.Outcomes.TooLarge)
		} else {
			h.failJSON(w, r, lang, api.Outcomes.Unreadable)
		}
		return
	}
	ctx := r.Context()
	c, err := h.delivery.Case(ctx, ref)
	if err != nil {
		h.caseFailedJSON(w, r, ref, err)
		return
	}
	ev, problems := h.checkStep(c, step, false)
	if len(problems) > 0 {
		writeJSON(w, api.Outcomes.DeskInvalid, api.Problems{Error: api.Outcomes.DeskInvalid.Code, Problems: problems})
		return
	}
	ev.By = accessIdentity(r, formhtml.ByOperator)
	var opts []delivery.RecordOption
	if step.ExpectedStep != nil {
		opts = append(opts, delivery.AtStep(*step.ExpectedStep))
	}
	c, err = h.delivery.Record(ctx, ref, ev, opts...)
	switch {
	case err == nil:
		writeJSON(w, api.Outcomes.CaseRecorded, h.caseJSON(ctx, c))
	case errors.Is(err, delivery.ErrStepTaken):
		if c, err = h.delivery.Case(ctx, ref); err != nil {
			h.caseFailedJSON(w, r, ref, err)
			return
		}
		answer := h.caseJSON(ctx, c)
		answer.Error = api.Outcomes.DeskChanged.Code
		writeJSON(w, api.Outcomes.DeskChanged, answer)
	case errors.Is(err, delivery.ErrCaseStep):
		h.failJSON(w, r, lang, api.Outcomes.DeskNotForwarded)
	default:
		h.caseFailedJSON(w, r, ref, err)
	}
}

// caseFailedJSON answers a case that could not be read or written: 404 when there is no
// such case, else the store's failure, logged.
func (h *Handler) caseFailedJSON(w http.ResponseWriter, r *http.Request, ref string, err error) {
	lang := h.deskLang
	if errors.Is(err, delivery.ErrNotFound) {
		h.failJSON(w, r, lang, api.Outcomes.NotFound)
		return
	}
	h.log.Error("recording a step through the API", "reference", ref, "err", err)
	h.failJSON(w, r, lang, api.Outcomes.AdminUnavailable)
}

// caseJSON is the case c as the API answers it: nothing the reporter wrote.
func (h *Handler) caseJSON(ctx context.Context, c delivery.Case) api.Case {
	rfc := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	a := api.Case{
		Reference: c.Reference, Category: c.Category, Received: rfc(c.Received), Forwarded: rfc(c.Forwarded),
		State: string(c.State()), Steps: len(c.History), History: make([]api.CaseEvent, len(c.History)),
	}
	for i, ev := range c.History {
		a.History[i] = api.CaseEvent{State: string(ev.State), At: rfc(ev.At), By: ev.By, Outcome: ev.Outcome,
			Measure: ev.Measure, Duplicate: ev.Duplicate, Note: ev.Note, Answer: ev.Answer}
	}
	if s, ok := h.statement(ctx, c); ok {
		a.Statement = &s.DSA
	}
	return a
}

// statementJSON answers the statement of reasons of a report's case as JSON, with the
// DSA Transparency Database's names, to whoever holds the desk's link: 404 when its
// decision restricted nothing.
func (h *Handler) statementJSON(w http.ResponseWriter, r *http.Request, ref string) {
	if _, ok := h.openDesk(r, ref); !ok {
		h.deskFailJSON(w, api.Outcomes.DeskNotFound)
		return
	}
	c, err := h.delivery.Case(r.Context(), ref)
	switch {
	case errors.Is(err, delivery.ErrNotFound):
		h.deskFailJSON(w, api.Outcomes.DeskNotFound)
		return
	case err != nil:
		h.log.Error("the statement of reasons: reading the case", "reference", ref, "err", err)
		h.deskFailJSON(w, api.Outcomes.DeskUnavailable)
		return
	}
	s, ok := h.statement(r.Context(), c)
	if !ok {
		h.deskFailJSON(w, api.Outcomes.NoStatement)
		return
	}
	writeJSON(w, api.Outcomes.Statement, s.DSA)
}

// decisionRef is the reference of a path api.DecisionPath makes, if it is one.
func decisionRef(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, api.ReportPath)
	if !ok {
		return "", false
	}
	ref, ok := strings.CutSuffix(rest, api.DecisionSuffix)
	return ref, ok && ref != "" && !strings.Contains(ref, "/")
}
