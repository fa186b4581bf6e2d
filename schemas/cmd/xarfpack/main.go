// Command xarfpack copies the XARF v4 schemas the Worker validates machine reporters'
// reports against, with their licence, from the xarf-spec tree (../shared/xarf-v4) into
// one file of the Worker's bundle (make worker: build/worker/xarf.bin), which the
// authority module compiles on the XARF endpoint's first use (authority.XARFPack). Nobody
// edits the copy: every build makes it again from the tree.
//
// With -check, it judges the JSON files named after the flags against XARF v4's master
// schema instead, and prints a JSON object of each file's problems (none: an empty list),
// exiting 1 if any has one: the tests in Node, which have no JSON Schema validator, check
// the XARF parts of the desk's mail with it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"abusedesk/schemas/api"

	"abusedesk/schemas/authority"
)

func main() {
	from := flag.String("from", "../shared/xarf-v4", "the xarf-spec tree: its LICENSE and schemas/v4/")
	out := flag.String("o", "", "where to write the pack")
	check := flag.Bool("check", false, "judge the files named after the flags against the master schema")
	flag.Parse()
	if *check {
		bad, err := checkFiles(*from, flag.Args())
		if err != nil {
			fmt.Fprintln(os.Stderr, "xarfpack:", err)
			os.Exit(2)
		}
		if bad {
			os.Exit(1)
		}
		return
	}
	if err := run(*from, *out); err != nil {
		fmt.Fprintln(os.Stderr, "xarfpack:", err)
		os.Exit(1)
	}
}

func run(from, out string) error {
	if out == "" {
		return fmt.Errorf("-o is required")
	}
	if _, err := os.Stat(from); err != nil {
		return fmt.Errorf("the XARF v4 schemas are not at %s (%w): make … XARF_SPEC=<the xarf-spec tree>", from, err)
	}
	pack, err := authority.XARFPack(os.DirFS(from))
	if err != nil {
		return err
	}
	// Compiled once here, so a tree that does not compile fails the build, not the
	// Worker's first machine report.
	if _, err := authority.XARFFromPack(pack); err != nil {
		return err
	}
	return os.WriteFile(out, pack, 0o644)
}

// checkFiles prints each file's problems against the master schema as one JSON object, and
// says whether any file has one.
func checkFiles(from string, files []string) (bool, error) {
	pack, err := authority.XARFPack(os.DirFS(from))
	if err != nil {
		return false, err
	}
	v, err := authority.XARFFromPack(pack)
	if err != nil {
		return false, err
	}
	found := map[string][]api.XARFProblem{}
	bad := false
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return false, err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var doc any
		if err := dec.Decode(&doc); err != nil {
			return false, fmt.Errorf("%s: %w", f, err)
		}
		found[f] = append([]api.XARFProblem{}, v.Validate(doc)...)
		bad = bad || len(found[f]) > 0
	}
	out, err := json.Marshal(found)
	if err != nil {
		return false, err
	}
	fmt.Println(string(out))
	return bad, nil
}
