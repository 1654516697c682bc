// Package incidentzero is the incident's code when getInterval, in another file of the same
// package, always returns the constant 0: the bug is certain, so both findings are errors.
package incidentzero

// getInterval is a stub someone forgot to finish.
func getInterval() int {
	return 0
}
