package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"abusedesk/schemas/api"
)

// outcomesFile is where the Worker's outcomes are written for the tests in Node, which
// cannot import Go, beside the table they come from.
const outcomesFile = "api/outcomes.json"

// outcomesSource is api/outcomes.json: api.Outcomes, each row by its Go name with its
// status, code and message key, one a line, in the table's order.
func outcomesSource() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n" + `  "$comment": "Written by schemas/gen from api.Outcomes (schemas/api/outcomes.go); do not edit: run make generate.",` + "\n")
	b.WriteString(`  "outcomes": {` + "\n")
	v := reflect.ValueOf(api.Outcomes)
	for i := range v.NumField() {
		o, ok := v.Field(i).Interface().(api.Outcome)
		if !ok {
			return nil, fmt.Errorf("api.Outcomes.%s is not an Outcome", v.Type().Field(i).Name)
		}
		row, err := json.Marshal(struct {
			Status int    `json:"status"`
			Code   string `json:"code"`
			Key    string `json:"key"`
		}{o.Status, o.Code, string(o.Key)})
		if err != nil {
			return nil, err
		}
		sep := ","
		if i == v.NumField()-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "    %q: %s%s\n", v.Type().Field(i).Name, row, sep)
	}
	b.WriteString("  }\n}\n")
	if !json.Valid(b.Bytes()) {
		return nil, fmt.Errorf("%s is not JSON", outcomesFile)
	}
	return b.Bytes(), nil
}
