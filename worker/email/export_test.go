package email

// What the tests outside the package check of its inner workings.
var (
	ReportID = reportID
)
