// Command xarfpack copies the XARF v4 schemas the Worker validates machine reporters'
// reports against, with their licence, from the xarf-spec tree (../shared/xarf-v4) into
// one file of the Worker's bundle (make worker: build/worker/xarf.bin), which the
// authority module compiles on the XARF endpoint's first use (authority.XARFPack). Nobody
// edits the copy: every build makes it again from the tree.
package main

import (
	"flag"
	"fmt"
	"os"

	"abusedesk/schemas/authority"
)

func main() {
	from := flag.String("from", "../shared/xarf-v4", "the xarf-spec tree: its LICENSE and schemas/v4/")
	out := flag.String("o", "", "where to write the pack")
	flag.Parse()
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
