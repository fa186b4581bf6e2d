package formlogic

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"testing"

	"abusedesk/schemas"
)

func TestECMAPattern(t *testing.T) {
	for _, tc := range []struct{ re2, want string }{
		{`^[^@\s]+@x$`, `^[^@\t\n\f\r ]+@x$`},
		{`a\sb\Sc`, `a[\t\n\f\r ]b[^\t\n\f\r ]c`},
		{`^[+]?[(]?[0-9][0-9 ()./-]*[0-9]$`, `^[+]?[(]?[0-9][0-9 ()./-]*[0-9]$`},
		{`a.b`, `a[^\n]b`},
		{`[]a]\]`, `[\]a]\]`},
		{`[^]a]`, `[^\]a]`},
		{`\-\#\@\_[\-x]`, `-#@_[\-x]`},
		{`\d\w\b\.\(`, `\d\w\b\.\(`},
		{`Київ\s`, `Київ[\t\n\f\r ]`},
	} {
		got, err := ECMAPattern(tc.re2)
		if err != nil || got != tc.want {
			t.Errorf("ECMAPattern(%q) = %q, %v; want %q", tc.re2, got, err, tc.want)
		}
		// The rewrite must not change what RE2 itself makes of the pattern.
		if _, err := regexp.Compile(got); err != nil {
			t.Errorf("RE2 cannot read the rewrite of %q: %v", tc.re2, err)
		}
	}
	for _, re2 := range []string{`\pL`, `\p{Greek}`, `[\S]`, `\x41`, `\Q.\E`, `\z`, `[[:alpha:]]`, `a\`} {
		if got, err := ECMAPattern(re2); err == nil {
			t.Errorf("ECMAPattern(%q) = %q, want an error", re2, got)
		}
	}
}

// samples are values on which RE2 and ECMAScript would part if the rewrite did not make
// them agree: Unicode and vertical-tab spaces, line separators, and ordinary values.
var samples = []string{
	"a@example.com", "jane.roe+abuse@mail.example.org", "a b@example.com", "\"a\u00a0b\"@example.com",
	"\"a\vb\"@example.com", "a\u2028b@example.com", "\"a\u3000b\"@example.io", "a\ufeff@example.com",
	"a@приклад.укр", "x", "+380 (44) 123-45-67", "+380\u00a044", "12", "1", "call me", "0\r1", "44-12",
}

// TestPatternsAgreeWithECMAScript runs the schema's patterns, rewritten, through Node's
// RegExp (V8, as in Chromium) and checks each matches what Go's regexp matches with the
// original: the Worker's validator and the browser's then judge a value alike.
func TestPatternsAgreeWithECMAScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	spec := schemas.FormSpec()
	var originals, rewritten []string
	for _, f := range spec.Fields {
		if f.Pattern == "" {
			continue
		}
		ecma, err := ECMAPattern(f.Pattern)
		if err != nil {
			t.Fatalf("field %s: %v", f.Name, err)
		}
		originals, rewritten = append(originals, f.Pattern), append(rewritten, ecma)
	}
	if len(originals) == 0 {
		t.Fatal("the schema has no patterns")
	}
	input, err := json.Marshal([]any{rewritten, samples})
	if err != nil {
		t.Fatal(err)
	}
	const script = `const [patterns, samples] = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, "u").test(s)))));`
	cmd := exec.Command(node, "-e", script)
	cmd.Stdin, cmd.Stderr = bytes.NewReader(input), os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var ecmaMatches [][]bool
	if err := json.Unmarshal(out, &ecmaMatches); err != nil {
		t.Fatal(err)
	}
	for i, p := range originals {
		re := regexp.MustCompile(p)
		for j, s := range samples {
			if want := re.MatchString(s); ecmaMatches[i][j] != want {
				t.Errorf("%q on %q: ECMAScript says %v, RE2 %v", p, s, ecmaMatches[i][j], want)
			}
		}
	}
}
