package authority

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"abusedesk/schemas/api"
)

// XARFBase is the base of the XARF v4 schemas' identifiers: a file of the tree is named by
// it and its path (xarf-v4-master.json, types/messaging-spam.json), so each schema's
// relative references resolve among the files given, never on the network.
const XARFBase = "https://xarf.org/schemas/v4/"

// XARFMaster is the master schema's file: XARF v4's core, its valid category and type
// pairs, and each type's own schema.
const XARFMaster = "xarf-v4-master.json"

// XARFLicence is the licence file of the XARF v4 schemas, which travels with every copy
// of them (the MIT licence asks it).
const XARFLicence = "LICENSE"

// XARFPack packs the XARF v4 schemas of the xarf-spec tree fsys (../shared/xarf-v4: its
// LICENSE and schemas/v4/) for the Worker, which builds them in (make worker): a JSON
// object of each file's path under schemas/v4 and its text, and the licence's. Each schema
// must read as JSON.
func XARFPack(fsys fs.FS) ([]byte, error) {
	licence, err := fs.ReadFile(fsys, XARFLicence)
	if err != nil {
		return nil, fmt.Errorf("packing the XARF schemas: %w", err)
	}
	files := map[string]string{XARFLicence: string(licence)}
	const dir = "schemas/v4"
	err = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if !json.Valid(data) {
			return fmt.Errorf("%s is not JSON", p)
		}
		files[p[len(dir)+1:]] = string(data)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("packing the XARF schemas: %w", err)
	}
	if _, ok := files[XARFMaster]; !ok {
		return nil, fmt.Errorf("packing the XARF schemas: no %s/%s", dir, XARFMaster)
	}
	return json.Marshal(files)
}

// XARFFromPack compiles the XARF v4 master schema from what XARFPack packed.
func XARFFromPack(pack []byte) (*XARFValidator, error) {
	var texts map[string]string
	if err := json.Unmarshal(pack, &texts); err != nil {
		return nil, fmt.Errorf("reading the XARF schemas: %w", err)
	}
	if _, ok := texts[XARFLicence]; !ok {
		return nil, errors.New("reading the XARF schemas: their licence is not with them")
	}
	files := make(map[string][]byte, len(texts))
	for name, text := range texts {
		files[name] = []byte(text)
	}
	return XARF(files)
}

// XARFValidator checks documents against the XARF v4 master schema, formats asserted.
type XARFValidator struct {
	schema *jsonschema.Schema
}

// XARF compiles the XARF v4 master schema from files, the schemas' tree (XARFMaster,
// xarf-core.json, types/…) by path. Only what files hold is read: a reference to a schema
// not among them fails to compile.
func XARF(files map[string][]byte) (*XARFValidator, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(noLoader{})
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasSuffix(name, ".json") {
			continue // the licence
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(files[name]))
		if err != nil {
			return nil, fmt.Errorf("reading XARF schema %s: %w", name, err)
		}
		if err := c.AddResource(XARFBase+name, doc); err != nil {
			return nil, fmt.Errorf("adding XARF schema %s: %w", name, err)
		}
	}
	s, err := c.Compile(XARFBase + XARFMaster)
	if err != nil {
		return nil, fmt.Errorf("compiling the XARF v4 schemas: %w", err)
	}
	return &XARFValidator{schema: s}, nil
}

// noLoader refuses every schema not added to the compiler: nothing is fetched.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s is not among the XARF schemas built in", url)
}

// Validate checks a decoded JSON document (encoding/json's, numbers as json.Number) and
// returns its problems, ordered by where they are, or nil when it is valid XARF v4.
func (v *XARFValidator) Validate(doc any) []api.XARFProblem {
	err := v.schema.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []api.XARFProblem{{Code: api.XARFInvalidValue}}
	}
	seen := map[api.XARFProblem]bool{}
	var ps []api.XARFProblem
	collectXARF(ve, func(p api.XARFProblem) {
		if !seen[p] {
			seen[p] = true
			ps = append(ps, p)
		}
	})
	if len(ps) == 0 {
		ps = []api.XARFProblem{{Code: api.XARFInvalidValue}}
	}
	slices.SortFunc(ps, func(a, b api.XARFProblem) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return ps
}

// collectXARF names each failure under ve, where the schema's error says more than "a
// part failed". An anyOf whose branches all failed has contradictory causes (each branch's
// own): it is one problem where it is, and the master's anyOf of category and type pairs
// is a type not of XARF v4 (XARFClass).
func collectXARF(ve *jsonschema.ValidationError, add func(api.XARFProblem)) {
	path := pointer(ve.InstanceLocation)
	switch k := ve.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		code := api.XARFInvalidValue
		if len(ve.InstanceLocation) == 0 {
			path, code = "/type", api.XARFClass
		}
		add(api.XARFProblem{Path: path, Code: code})
		return
	case *kind.Required:
		for _, name := range k.Missing {
			add(api.XARFProblem{Path: pointer(append(slices.Clone(ve.InstanceLocation), name)), Code: api.XARFRequired})
		}
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			add(api.XARFProblem{Path: pointer(append(slices.Clone(ve.InstanceLocation), name)), Code: api.XARFUnknown})
		}
	case *kind.Type:
		add(api.XARFProblem{Path: path, Code: api.XARFType})
	case *kind.Enum, *kind.Const:
		add(api.XARFProblem{Path: path, Code: api.XARFEnum})
	case *kind.Pattern:
		add(api.XARFProblem{Path: path, Code: api.XARFPattern})
	case *kind.Format:
		add(api.XARFProblem{Path: path, Code: api.XARFFormat})
	case *kind.MaxLength:
		add(api.XARFProblem{Path: path, Code: api.XARFTooLong})
	case *kind.MaxItems:
		add(api.XARFProblem{Path: path, Code: api.XARFTooMany})
	case *kind.Minimum, *kind.Maximum, *kind.ExclusiveMinimum, *kind.ExclusiveMaximum:
		add(api.XARFProblem{Path: path, Code: api.XARFRange})
	case *kind.Schema, *kind.Group, *kind.AllOf, *kind.Reference:
		// A part that failed: its causes say how.
	default:
		if len(ve.Causes) == 0 {
			add(api.XARFProblem{Path: path, Code: api.XARFInvalidValue})
		}
	}
	for _, cause := range ve.Causes {
		collectXARF(cause, add)
	}
}

// pointer writes a location in a document as a JSON Pointer (RFC 6901).
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}
