package delivery

// What the tests outside the package check of its inner workings.
var ErrBusy = errBusy

const LeaseTTL = leaseTTL
