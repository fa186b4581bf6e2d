package api

import _ "embed"

// openAPI is the machine reporters' API described in OpenAPI 3.1, as schemas/gen writes it
// from this package's types and table of outcomes (make generate); a test there holds it
// current.
//
//go:embed openapi.json
var openAPI []byte

// OpenAPI is the API's OpenAPI 3.1 description (JSON), served at OpenAPIPath.
func OpenAPI() []byte { return openAPI }
