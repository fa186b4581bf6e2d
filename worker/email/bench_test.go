package email_test

import (
	"testing"

	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
)

// BenchmarkReport is what writing a report's mail costs, as the Worker does at intake to
// size it and again to send it: a spam report with every field and two files.
func BenchmarkReport(b *testing.B) {
	w := mailtest.Writer(b)
	rep := filed(b, "spam")
	files := email.InMemory([]report.File{reporttest.File("a.pdf", reporttest.PDF("a"), "pdf"), reporttest.File("b.pdf", reporttest.PDF("b"), "pdf")})
	b.ReportAllocs()
	for b.Loop() {
		m, err := w.Report(rep, files)
		if err != nil {
			b.Fatal(err)
		}
		if err := m.Fits(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportFits is what sizing it costs, as the Worker does at intake: the same
// composer, counting rather than keeping what it writes.
func BenchmarkReportFits(b *testing.B) {
	w := mailtest.Writer(b)
	rep := filed(b, "spam")
	files := email.InMemory([]report.File{reporttest.File("a.pdf", reporttest.PDF("a"), "pdf"), reporttest.File("b.pdf", reporttest.PDF("b"), "pdf")})
	b.ReportAllocs()
	for b.Loop() {
		if err := w.ReportFits(rep, files); err != nil {
			b.Fatal(err)
		}
	}
}
