package email

import "abusedesk/schemas/report"

// What the tests outside the package check of its inner workings.
var (
	ReportID = reportID
)

// Measure is what ReportFits judges: the length of the message Report would write, and of
// its header section.
func (w *Writer) Measure(rep report.Filed, files []Attachment) (size, head int64, err error) {
	m, err := w.measure(rep, files)
	if err != nil {
		return 0, 0, err
	}
	return m.size, m.head, nil
}
