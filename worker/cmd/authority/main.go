//go:build js && wasm

// Command authority is the Worker's second WebAssembly module: the authority on what a
// valid report or typo note is (package schemas/authority, on santhosh-tekuri/jsonschema),
// and what valid XARF v4 is. It is a module of its own because that library compiles every
// JSON Schema draft's metaschema when it starts, which would double the start of the
// Worker for every request; this way only the first report or note an isolate judges
// waits for it. entry.mjs starts it on first need and calls the function it exports,
// validate(schema, doc), which answers {"problems": [...]} (report.Problem) or
// {"error": "..."}; for the schema "xarf", {"xarf": [...]} (api.XARFProblem).
//
// The XARF v4 schemas, dozens of files, are compiled on the first XARF report only, from
// the copy the build packed (entry.mjs hands it over as context.xarf): a report from the
// form never waits for them.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall/js"

	"abusedesk/schemas/api"
	"abusedesk/schemas/authority"
	"abusedesk/schemas/report"
)

// ready tells the entry module the function is exported.
//
//go:wasmimport workers ready
func ready()

func main() {
	// Each schema compiled on first need (a note never waits for the report's schema, nor a
	// report for the note's), and the way built in: not checked against its metaschema again
	// (authority.ReportBuiltIn).
	judges := map[string]func() (*authority.Validator, error){
		"report": sync.OnceValues(authority.ReportBuiltIn),
		"typo":   sync.OnceValues(authority.TypoBuiltIn),
	}
	js.Global().Get("context").Get("binding").Set("validate", js.FuncOf(func(_ js.Value, args []js.Value) any {
		type answer struct {
			Problems []report.Problem  `json:"problems"`
			XARF     []api.XARFProblem `json:"xarf,omitempty"`
			Error    string            `json:"error,omitempty"`
		}
		var (
			a   answer
			err error
		)
		if len(args) == 2 && args[0].String() == xarfSchema {
			a.XARF, err = judgeXARF(args[1].String())
		} else {
			a.Problems, err = judge(judges, args)
		}
		if err != nil {
			a.Error = err.Error()
		}
		data, _ := json.Marshal(a)
		return string(data)
	}))
	ready()
	select {}
}

// xarfSchema names the XARF v4 master schema to validate's callers.
const xarfSchema = "xarf"

// xarf is the XARF v4 master schema, compiled on first need from the pack the entry module
// put in the module's context.
var xarf = sync.OnceValues(func() (*authority.XARFValidator, error) {
	packed := js.Global().Get("context").Get("xarf")
	if packed.Type() != js.TypeObject {
		return nil, errors.New("no XARF schemas in the module's context (entry.mjs's xarf)")
	}
	pack := make([]byte, packed.Get("length").Int())
	js.CopyBytesToGo(pack, packed)
	return authority.XARFFromPack(pack)
})

// judgeXARF validates the XARF report doc (JSON) against the master schema. A panic is an
// error, as judge's.
func judgeXARF(doc string) (problems []api.XARFProblem, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("validating XARF: %v", r)
		}
	}()
	v, err := xarf()
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var d any
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("reading the XARF report: %w", err)
	}
	return v.Validate(d), nil
}

// judge validates the document args[1] (JSON) against the schema named args[0]. A panic
// is an error: left alone, it would end the module for every request after.
func judge(judges map[string]func() (*authority.Validator, error), args []js.Value) (problems []report.Problem, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("validating: %v", r)
		}
	}()
	if len(args) != 2 {
		return nil, errors.New("validate wants (schema, document)")
	}
	compiled, ok := judges[args[0].String()]
	if !ok {
		return nil, fmt.Errorf("no schema %q", args[0].String())
	}
	v, err := compiled()
	if err != nil {
		return nil, err
	}
	// Numbers stay as the Worker read them (json.Number), so the judge sees the same
	// document whichever side reads it.
	dec := json.NewDecoder(strings.NewReader(args[1].String()))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("reading the document: %w", err)
	}
	return v.Validate(doc), nil
}
