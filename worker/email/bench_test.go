package email_test

import (
	"testing"

	"abusedesk/schemas/report"
	"abusedesk/schemas/report/reporttest"
	"abusedesk/worker/email"
	"abusedesk/worker/email/mailtest"
)

// benchReport is a spam report with every field and two files, as the benchmarks mail it.
func benchReport(b *testing.B) (*email.Writer, report.Filed, []email.Attachment) {
	files := []report.File{reporttest.File("a.pdf", reporttest.PDF("a"), "pdf"), reporttest.File("b.pdf", reporttest.PDF("b"), "pdf")}
	b.ReportAllocs()
	return mailtest.Writer(b), filed(b, "spam"), email.InMemory(files)
}

// BenchmarkReport is what writing a report's mail costs, as the Worker does to send it.
func BenchmarkReport(b *testing.B) {
	w, rep, files := benchReport(b)
	for b.Loop() {
		if _, err := w.Report(rep, files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReportFits is what measuring it costs, as the Worker does at intake: the same
// composer, counting rather than keeping what it writes.
func BenchmarkReportFits(b *testing.B) {
	w, rep, files := benchReport(b)
	for b.Loop() {
		if err := w.ReportFits(rep, files); err != nil {
			b.Fatal(err)
		}
	}
}
