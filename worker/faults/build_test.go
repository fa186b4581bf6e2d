package faults_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const (
	worker     = "abusedesk/worker"
	faultsPkg  = "abusedesk/worker/faults"
	fakePkg    = "abusedesk/worker/fake"
	allOfThem  = "abusedesk/..."
	faultsFlag = "-tags=faults"
)

// goList runs `go list` with args, for the Worker's platform (GOOS=js GOARCH=wasm) when
// js, and returns its lines. go test puts its own go first on PATH.
func goList(t *testing.T, js bool, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Env = os.Environ()
	if js {
		cmd.Env = append(cmd.Env, "GOOS=js", "GOARCH=wasm")
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, exitStderr(err))
	}
	return strings.Fields(string(out))
}

func exitStderr(err error) []byte {
	if e, ok := err.(*exec.ExitError); ok {
		return e.Stderr
	}
	return nil
}

// The Worker that is deployed (make worker, the default build) links neither the fakes
// nor the fault injection; the build the fault-injection tests run (make worker-faults,
// the tag faults) links the fault injection and still no fake.
func TestTheProductionWorkerLinksNoFaultsAndNoFakes(t *testing.T) {
	for _, build := range []struct {
		name       string
		tags       []string
		wantFaults bool
	}{
		{"the production build", nil, false},
		{"the build with the tag faults", []string{faultsFlag}, true},
	} {
		deps := goList(t, true, append(build.tags, "-deps", worker)...)
		if !slices.Contains(deps, worker) || len(deps) < 20 {
			t.Fatalf("%s: go list -deps %s listed %d packages, not the Worker's: %v", build.name, worker, len(deps), deps)
		}
		if got := slices.Contains(deps, faultsPkg); got != build.wantFaults {
			t.Errorf("%s links %s: %v, want %v", build.name, faultsPkg, got, build.wantFaults)
		}
		if slices.Contains(deps, fakePkg) {
			t.Errorf("%s links %s, the Go tests' stand-ins", build.name, fakePkg)
		}
	}
}

// Only test files import the fakes, and only the Worker's main package, built with the
// tag faults, imports the fault injection: on either platform, with the tag or without.
func TestWhatImportsTheFakesAndTheFaults(t *testing.T) {
	for _, js := range []bool{false, true} {
		for _, tags := range [][]string{nil, {faultsFlag}} {
			lines := goList(t, js, append(tags, "-e", "-f", "{{.ImportPath}}:{{range .Imports}},{{.}}{{end}}", allOfThem)...)
			if len(lines) < 30 {
				t.Fatalf("js %v, tags %v: go list listed %d packages", js, tags, len(lines))
			}
			for _, line := range lines {
				pkg, imports, _ := strings.Cut(line, ":")
				imported := strings.Split(imports, ",")
				if slices.Contains(imported, fakePkg) {
					t.Errorf("js %v, tags %v: %s imports %s outside its tests", js, tags, pkg, fakePkg)
				}
				if slices.Contains(imported, faultsPkg) && pkg != worker {
					t.Errorf("js %v, tags %v: %s imports %s; only the Worker's main package, built with the tag faults, may", js, tags, pkg, faultsPkg)
				}
			}
		}
	}
}
