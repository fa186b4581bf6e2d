package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/invopop/jsonschema"

	"abusedesk/content/bundle"
	"abusedesk/schemas/api"
)

// openAPIFile is the machine reporters' API described in OpenAPI 3.1, which the Worker
// embeds (api.OpenAPI) and serves at api.OpenAPIPath.
const openAPIFile = "api/openapi.json"

// xarfMaster is the $id of XARF v4's master schema: the request body is a report it
// passes (the Worker judges it with that schema, compiled from the pack make worker copies).
const xarfMaster = "https://xarf.org/schemas/v4/xarf-v4-master.json"

// operation is one method of one path: what it answers when it works, and each outcome of
// api.Outcomes it may answer instead.
type operation struct {
	path, method, id, summary string
	ok                        []okAnswer
	fails                     []api.Outcome
}

// okAnswer is a success: its outcome and the Go type of its body.
type okAnswer struct {
	o    api.Outcome
	body any
}

// operations are the API's, in the order the document gives them. The outcomes are the
// ones the handler (worker/intake/xarf*.go) answers on each path, and a test in
// worker/intake holds the document to every XARF row of the table.
func operations() []operation {
	o := api.Outcomes
	keyed := []api.Outcome{o.XARFUnauthorized, o.XARFRateLimited}
	return []operation{
		{api.XARFPath, "post", "postXARF", "File one XARF v4 report, or a batch of up to " + strconv.Itoa(api.MaxXARFBatch),
			[]okAnswer{{o.XARFAccepted, api.XARFAccepted{}}, {o.XARFBatch, api.XARFBatch{}}},
			append(slices.Clone(keyed), o.XARFMediaType, o.XARFUnreadable, o.XARFBatchSize, o.XARFBadToken, o.XARFTooLarge,
				o.XARFInvalid, o.XARFTypeNotTaken, o.XARFCategoryNotAllowed, o.XARFTokenReused, o.XARFMethodNotAllowed,
				o.XARFUnavailable, o.XARFServerError)},
		{api.XARFPath, "get", "listXARF", "List the reports this key sent",
			[]okAnswer{{o.XARFList, api.XARFReports{}}},
			append(slices.Clone(keyed), o.XARFBadSince, o.XARFUnavailable)},
		{api.XARFReportPrefix + "{reference}", "get", "getXARFStatus", "How a report this key sent stands",
			[]okAnswer{{o.Status, api.Status{}}},
			append(slices.Clone(keyed), o.BadLang, o.XARFNotFound, o.XARFUnavailable)},
		{api.OpenAPIPath, "get", "getOpenAPI", "This description", []okAnswer{{o.OpenAPI, nil}}, nil},
	}
}

// openAPISource is api/openapi.json: the paths and limits of package api, the answers'
// schemas reflected from its Go types, each failure's status, code and English words from
// api.Outcomes and the catalog, and examples (openAPIExamples) the tests post.
func openAPISource(c *bundle.Bundle) ([]byte, error) {
	words := func(o api.Outcome) string {
		max := api.MaxXARFBatch
		if o == api.Outcomes.XARFTooLarge {
			max = api.MaxXARFBody >> 20
		}
		return c.Messages.Text("en", o.Key, "max", strconv.Itoa(max))
	}
	schemas := map[string]any{
		"XARFReport": map[string]any{
			"description": "A XARF v4 report (" + xarfMaster + "), and optionally its client token: the same token from the same key with the same report is that report again; with another, 409.",
			"$ref":        xarfMaster,
			"properties": map[string]any{
				api.ClientTokenField: clientToken(),
			},
		},
		"Error": map[string]any{
			"type":     "object",
			"required": []string{"error", "message"},
			"properties": map[string]any{
				"error":   map[string]any{"type": "string", "description": "The outcome's code, which a program tells it by."},
				"message": map[string]any{"type": "string", "description": "What happened, in the language of Accept-Language (uk, ru, en)."},
			},
		},
	}
	for name, v := range map[string]any{
		"XARFAccepted": api.XARFAccepted{}, "XARFBatch": api.XARFBatch{}, "XARFInvalid": api.XARFInvalid{},
		"XARFReports": api.XARFReports{}, "Status": api.Status{},
	} {
		schemas[name] = reflectSchema(v)
	}
	paths := map[string]map[string]any{}
	for _, op := range operations() {
		responses := map[string]any{}
		for _, ok := range op.ok {
			content := map[string]any{"schema": map[string]any{"type": "object"}}
			if ok.body != nil {
				content = map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + typeName(ok.body)}}
			}
			responses[strconv.Itoa(ok.o.Status)] = map[string]any{"description": ok.o.Code, "content": map[string]any{"application/json": content}}
		}
		// Failures by status; several codes can share one.
		byStatus := map[int][]api.Outcome{}
		for _, f := range op.fails {
			byStatus[f.Status] = append(byStatus[f.Status], f)
		}
		for status, fails := range byStatus {
			var lines, codes []string
			for _, f := range fails {
				codes = append(codes, f.Code)
				lines = append(lines, fmt.Sprintf("`%s`: %s", f.Code, words(f)))
			}
			schema := map[string]any{"allOf": []any{map[string]any{"$ref": "#/components/schemas/Error"}},
				"properties": map[string]any{"error": map[string]any{"enum": codes}}}
			if slices.Contains(fails, api.Outcomes.XARFInvalid) {
				schema = map[string]any{"anyOf": []any{map[string]any{"$ref": "#/components/schemas/XARFInvalid"}, schema}}
			}
			r := map[string]any{"description": strings.Join(lines, "\n\n"), "content": map[string]any{"application/json": map[string]any{"schema": schema}}}
			if status == api.Outcomes.XARFRateLimited.Status {
				r["headers"] = map[string]any{"Retry-After": map[string]any{"description": "Seconds to wait.", "schema": map[string]any{"type": "integer"}}}
			}
			if status == api.Outcomes.XARFUnauthorized.Status {
				r["headers"] = map[string]any{"WWW-Authenticate": map[string]any{"schema": map[string]any{"type": "string"}}}
			}
			responses[strconv.Itoa(status)] = r
		}
		o := map[string]any{"operationId": op.id, "summary": op.summary, "responses": responses}
		switch op.id {
		case "postXARF":
			examples, err := openAPIExamples()
			if err != nil {
				return nil, err
			}
			o["parameters"] = []any{map[string]any{"name": api.IdempotencyHeader, "in": "header",
				"description": "The client token of a report (its own client_token wins); of a batch, each item's is this, a slash and its place from 0.",
				"schema":      clientToken()}}
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
				"schema": map[string]any{"oneOf": []any{
					map[string]any{"$ref": "#/components/schemas/XARFReport"},
					map[string]any{"type": "array", "minItems": 1, "maxItems": api.MaxXARFBatch, "items": map[string]any{"$ref": "#/components/schemas/XARFReport"}},
				}},
				"examples": examples,
			}}}
			o["description"] = fmt.Sprintf("At most %d MiB a request and %d evidence items a report; each report's mail must fit the abuse mailbox (25 MiB). "+
				"A batch answers 200 with one result an item, in order, each with the status its post alone would have had.", api.MaxXARFBody>>20, api.MaxXARFEvidence)
		case "listXARF":
			o["parameters"] = []any{map[string]any{"name": api.SinceParam, "in": "query", "description": "Only reports received at or after this time (RFC 3339).",
				"schema": map[string]any{"type": "string", "format": "date-time"}}}
			o["description"] = fmt.Sprintf("Oldest first, at most %d; more says there are others: ask again with since set to the last one's received.", api.MaxXARFListed)
		case "getXARFStatus":
			o["parameters"] = []any{
				map[string]any{"name": "reference", "in": "path", "required": true, "schema": map[string]any{"type": "string"}},
				map[string]any{"name": "lang", "in": "query", "schema": map[string]any{"enum": c.Rules.Languages}},
			}
		case "getOpenAPI":
			o["security"] = []any{}
		}
		if paths[op.path] == nil {
			paths[op.path] = map[string]any{}
		}
		paths[op.path][op.method] = o
	}
	doc := map[string]any{
		"openapi":           "3.1.0",
		"$comment":          "Written by schemas/gen from package api's types and outcomes; do not edit: run make generate.",
		"jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
		"info": map[string]any{
			"title":       c.Provider.Name + ": the machine reporters' API",
			"version":     "1",
			"description": "XARF v4 reports from trusted machine reporters (blocklists, CERTs, brand-protection firms), each with its own key from the operator. Filed into the same pipeline as the Report Abuse form, and mailed to the abuse desk as a multipart/report carrying the reporter's XARF as sent.",
		},
		"security": []any{map[string]any{"reporterKey": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"reporterKey": map[string]any{"type": "http", "scheme": "bearer",
				"description": "A reporter's key, adk_<id>_<secret>, from the operator. A missing, unknown or revoked key is 401, alike."}},
			"schemas": schemas,
		},
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", openAPIFile, err)
	}
	return append(data, '\n'), nil
}

// clientToken is the schema of a client token: 1 to 128 printable ASCII characters.
func clientToken() map[string]any {
	return map[string]any{"type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[!-~]+$"}
}

func typeName(v any) string {
	name := fmt.Sprintf("%T", v)
	return name[strings.LastIndexByte(name, '.')+1:]
}

// reflectSchema is the JSON Schema of an answer's Go type, every type inlined.
func reflectSchema(v any) *jsonschema.Schema {
	r := jsonschema.Reflector{ExpandedStruct: true, DoNotReference: true}
	s := r.Reflect(v)
	s.Version, s.ID = "", ""
	return s
}

// openAPIExamples are the request examples: valid XARF v4 reports of types the inbound
// table files, written for this document. worker/intake's tests and worker/test/xarf.test.mjs
// post every one and expect it taken.
func openAPIExamples() (map[string]any, error) {
	spam := map[string]any{
		"xarf_version":      "4.2.0",
		"report_id":         "5b0d3f6e-2f8a-4c1e-9d7a-3e2b1c0a9f11",
		"timestamp":         "2026-11-23T08:15:00Z",
		"reporter":          map[string]any{"org": "Example Blocklist", "contact": "abuse-feed@blocklist.example", "domain": "blocklist.example"},
		"sender":            map[string]any{"org": "Example Blocklist", "contact": "abuse-feed@blocklist.example", "domain": "blocklist.example"},
		"source_identifier": "198.51.100.23", "source_port": 25,
		"category": "messaging", "type": "spam", "evidence_source": "spamtrap", "protocol": "smtp",
		"smtp_from": "offers@shop.example", "subject": "You have won",
		"client_token": "blocklist-2026-11-23-000123",
	}
	ddos := map[string]any{
		"xarf_version":      "4.2.0",
		"report_id":         "c4a1e2d3-7b6f-4e5d-8c9b-0a1f2e3d4c5b",
		"timestamp":         "2026-11-23T07:40:00Z",
		"reporter":          map[string]any{"org": "Example CERT", "contact": "incidents@cert.example", "domain": "cert.example"},
		"sender":            map[string]any{"org": "Example CERT", "contact": "incidents@cert.example", "domain": "cert.example"},
		"source_identifier": "198.51.100.77", "source_port": 53,
		"category": "connection", "type": "ddos", "evidence_source": "flow_analysis",
		"destination_ip": "192.0.2.10", "destination_port": 443, "protocol": "udp", "first_seen": "2026-11-23T07:10:00Z",
	}
	return map[string]any{
		"spam":  map[string]any{"summary": "One spam report, with its client token", "value": spam},
		"batch": map[string]any{"summary": "A batch of two reports", "value": []any{ddos, without(spam, "client_token")}},
	}, nil
}

func without(m map[string]any, name string) map[string]any {
	c := map[string]any{}
	for k, v := range m {
		if k != name {
			c[k] = v
		}
	}
	return c
}
