//go:build js && wasm

package bindings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"syscall/js"

	"abusedesk/schemas/api"
	"abusedesk/schemas/report"
	"abusedesk/worker/entry"
)

// Authority asks the Worker's second module, the authority on what is valid
// (worker/cmd/authority, which entry.mjs starts on first need and reaches through
// globalThis.abusedeskValidate), to judge documents against the schema of the given name.
type Authority struct {
	schema string
}

// NewAuthority judges against the schema named schema: "report" or "typo".
func NewAuthority(schema string) *Authority { return &Authority{schema: schema} }

// Validate sends the document to the authority module and reads its problems back.
func (v *Authority) Validate(ctx context.Context, doc any) (problems []report.Problem, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("authority %s: %v", v.schema, r)
		}
	}()
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("authority %s: %w", v.schema, err)
	}
	validate := js.Global().Get("abusedeskValidate")
	if validate.Type() != js.TypeFunction {
		return nil, errors.New("authority: globalThis.abusedeskValidate is missing; is worker/entry.mjs the Worker's main module?")
	}
	out, err := entry.Await(ctx, validate.Invoke(v.schema, string(data)))
	if err != nil {
		return nil, fmt.Errorf("authority %s: %w", v.schema, err)
	}
	var answer struct {
		Problems []report.Problem `json:"problems"`
		Error    string           `json:"error"`
	}
	if err := json.Unmarshal([]byte(out.String()), &answer); err != nil {
		return nil, fmt.Errorf("authority %s: reading the answer: %w", v.schema, err)
	}
	if answer.Error != "" {
		return nil, fmt.Errorf("authority %s: %s", v.schema, answer.Error)
	}
	return answer.Problems, nil
}

// XARFAuthority asks the authority module whether documents are valid XARF v4, against
// the master schema the build packed in (worker/cmd/authority).
type XARFAuthority struct{}

// ValidateXARF sends the XARF report doc (JSON, as the machine reporter sent it) to the
// authority module and reads its problems back.
func (XARFAuthority) ValidateXARF(ctx context.Context, doc []byte) (problems []api.XARFProblem, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("authority xarf: %v", r)
		}
	}()
	validate := js.Global().Get("abusedeskValidate")
	if validate.Type() != js.TypeFunction {
		return nil, errors.New("authority: globalThis.abusedeskValidate is missing; is worker/entry.mjs the Worker's main module?")
	}
	out, err := entry.Await(ctx, validate.Invoke("xarf", string(doc)))
	if err != nil {
		return nil, fmt.Errorf("authority xarf: %w", err)
	}
	var answer struct {
		XARF  []api.XARFProblem `json:"xarf"`
		Error string            `json:"error"`
	}
	if err := json.Unmarshal([]byte(out.String()), &answer); err != nil {
		return nil, fmt.Errorf("authority xarf: reading the answer: %w", err)
	}
	if answer.Error != "" {
		return nil, fmt.Errorf("authority xarf: %s", answer.Error)
	}
	return answer.XARF, nil
}
