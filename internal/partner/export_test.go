package partner

// SetFallbackCountCap lowers where counting in the database stops while the
// index loads, for a test that does not run in parallel; it returns the
// function that puts the cap back.
func SetFallbackCountCap(n int) (restore func()) {
	old := fallbackCountCap
	fallbackCountCap = n
	return func() { fallbackCountCap = old }
}
