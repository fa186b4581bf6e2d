package delivery

// What the tests outside the package check of its inner workings.
const LeaseTTL = leaseTTL
