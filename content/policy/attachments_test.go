package policy

import "testing"

func TestAttachmentsCheck(t *testing.T) {
	const mib = 1 << 20
	a := Attachments{MaxFiles: 2, MaxFileBytes: 10 * mib, MaxTotalBytes: 18 * mib, Types: []string{"pdf", "png"}}
	for _, tc := range []struct {
		name      string
		size      int64
		kind      string
		kept      int
		keptBytes int64
		want      FileProblem
	}{
		{"a PDF", mib, "pdf", 0, 0, ""},
		{"the cap exactly", 10 * mib, "png", 1, 8 * mib, ""},
		{"over the file cap, whatever its kind", 10*mib + 1, "exe", 0, 0, FileTooLarge},
		{"empty", 0, "", 0, 0, FileEmpty},
		{"a kind not allowed", mib, "jpeg", 0, 0, FileType},
		{"no kind at all", mib, "", 0, 0, FileType},
		{"one too many", mib, "pdf", 2, 2 * mib, TooManyFiles},
		{"over the total", 9 * mib, "pdf", 1, 10 * mib, FilesTooLarge},
	} {
		if got := a.Check(tc.size, tc.kind, tc.kept, tc.keptBytes); got != tc.want {
			t.Errorf("%s: Check = %q, want %q", tc.name, got, tc.want)
		}
	}
}
